import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';

/**
 * The server under test, in its own process so the load generator never shares its event loop.
 * `tsx` runs the server as a child of its own, so the pid whose memory is sampled is looked up.
 */
export interface ServerProcess {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  /** The process that actually serves (tsx's child), for /proc sampling. */
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
const LISTENING = /listening on (http:\/\/\S+)/;

/** Direct children of `pid`, from /proc/<n>/stat (field 4 is the parent pid). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may contain spaces and parentheses; the fields after the last ')' do not.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The node process running `script`: tsx's child when tsx spawned one, else tsx itself. */
function servingPid(tsxPid: number, script: string): number {
  for (const child of childrenOf(tsxPid)) {
    try {
      if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes(script)) return child;
    } catch {
      // gone
    }
  }
  return tsxPid;
}

/** SIGKILL to a pid that may already be gone. */
function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts `<runner> <script>` (node on the bundle, as `npm start` does, or tsx on a source file)
 * with `env` and resolves once it prints its "listening on" line. The server's log (a line per
 * request on stderr) goes to `logFile`, not through the bench's event loop.
 */
export function startServer(runner: string, script: string, env: NodeJS.ProcessEnv, logFile: string, flags: readonly string[] = []): Promise<ServerProcess> {
  const logFd = openSync(logFile, 'w');
  const child = spawn(runner, [...flags, script], { env, stdio: ['ignore', 'pipe', logFd] });
  closeSync(logFd);
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      // Killing tsx with SIGKILL would orphan the server it spawned, so that one goes first.
      const serving = servingPid(child.pid!, script);
      if (serving !== child.pid) killQuietly(serving);
      child.kill('SIGKILL');
      const log = readFileSync(logFile, 'utf8');
      reject(new Error(`${why}; server output:\n${output.slice(-1000)}${log.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`server did not report "listening on" within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.once('exit', (code, signal) => fail(`server exited early (code ${code}, signal ${signal})`));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      const pid = servingPid(child.pid!, script);
      resolve({
        url: match[1]!,
        pid,
        async stop() {
          child.kill('SIGTERM');
          if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
            if (pid !== child.pid) killQuietly(pid);
            child.kill('SIGKILL');
            await waitForExit(child, STOP_TIMEOUT_MS);
          }
        },
      });
    });
  });
}
