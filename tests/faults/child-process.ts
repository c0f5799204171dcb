import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * Runs `server/main.ts` and `ingest/cli.ts` as whole processes, from source through tsx (`npm
 * start` and `npm run ingest` run the same code bundled; tests/server/build.test.ts and
 * main.test.ts run the bundles), in a process group of their own with a clean environment, and
 * reads what they print. Every wait is bounded and says what it was waiting for when it gives up.
 */

export const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** How long a server gets to print its "listening" line on a loaded machine. */
export const START_TIMEOUT_MS = 45_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when tsx (the process started) exits. */
  exited: Promise<Exit>;
  /** Sends a signal to tsx and the node process it started, as a crash or the OOM killer would. */
  killGroup(signal: NodeJS.Signals): void;
}

const running = new Set<Run>();

/**
 * Only what a shell gives any program: the runner's own settings (PORT, AUDIT_DB, LLM_*, LOG_LEVEL,
 * NODE_OPTIONS…) must not leak into the process under test.
 */
function cleanEnv(env: Record<string, string>): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  const base = Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
  return { ...base, HOST: '127.0.0.1', PORT: '0', EMBEDDINGS: 'local', ...env };
}

/** Starts `tsx <script> ...args` from the repository root. */
export function startTsx(script: string, args: readonly string[], env: Record<string, string>): Run {
  const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exited = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const run: Run = {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    killGroup(signal) {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    },
  };
  running.add(run);
  void exited.then(() => running.delete(run));
  return run;
}

/** `npm start` with this environment. */
export function startServer(env: Record<string, string>): Run {
  return startTsx('server/main.ts', [], env);
}

/** Stops whatever a test left running; for `afterEach`. */
export function killAll(): void {
  for (const run of running) run.killGroup('SIGKILL');
  running.clear();
}

/** Polls `check` until it returns a value; fails naming `what` and showing the output if it never does. */
export async function waitFor<T>(run: Run, what: string, check: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let exit: Exit | undefined;
  void run.exited.then((e) => (exit = e));
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (exit || Date.now() > deadline) {
      const why = exit ? `the process exited (${exit.code ?? exit.signal})` : `${timeoutMs} ms passed`;
      throw new Error(`${what}: ${why}\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls `check` until it holds, for conditions that do not depend on a running process. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} (waited ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The port from the "listening" line. */
export function listeningPort(run: Run): Promise<number> {
  return waitFor(
    run,
    'server did not report listening',
    () => {
      const match = /article assistant listening on http:\/\/127\.0\.0\.1:(\d+) /.exec(run.stdout());
      return match ? Number(match[1]) : undefined;
    },
    START_TIMEOUT_MS,
  );
}

/** Waits for the process to end on its own, within a bound. */
export async function exitOf(run: Run, timeoutMs: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms\nstderr:\n${run.stderr()}`)), timeoutMs);
  });
  try {
    return await Promise.race([run.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether any process of the group started by `run` is still alive. */
export function groupAlive(run: Run): boolean {
  try {
    process.kill(-run.child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** Non-empty lines of a process's output. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/** A line of a Node stack trace. */
export const STACK_FRAME = /\n\s+at \S/;
