import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadDocuments } from '../../ingest/documents.js';
import { readManifest } from '../../ingest/index-layout.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { writeDriftReport } from './drift-report.js';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from './export.js';
import { SqliteAuditStore } from './sqlite-store.js';
import type { AuditStore } from './store.js';
import type { TextSink } from './text-sink.js';

/**
 * Exit codes of `npm run audit`, chosen for cron and CI:
 * - 0: the command ran and (for `verify`) nothing drifted.
 * - 1: `verify` found drift: a quote moved, a quote is gone, a citation names an unknown document,
 *   or a document an answer drew on changed. Moved counts: the stored offsets no longer point at
 *   the quote, so every link or highlight built from them is wrong. Citations that were already
 *   unverified when the answer was given, and answers from an older index whose documents did
 *   not change, are reported but do not count: they are not drift.
 * - 2: the command did not run: unknown command or flag, bad `--since`, invalid configuration,
 *   AUDIT=off, no audit database, unreadable corpus. Never 1, so "could not check" is not
 *   mistaken for "checked and found drift".
 */
export const EXIT = { ok: 0, drift: 1, failed: 2 } as const;

export const USAGE = [
  'usage: npm run audit -- verify [--since <ISO time>] [--json]',
  '       npm run audit -- export [--format jsonl|csv] [--since <ISO time>] [--out <file>]',
].join('\n');

/** A command line we cannot run; the message names the offending argument. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type FlagKinds = Readonly<Record<string, 'boolean' | 'string'>>;

/** `--name value`, `--name=value` and bare boolean flags; anything else is a usage error. */
function parseFlags(command: string, args: readonly string[], kinds: FlagKinds): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}" for ${command}`);
    const [, name = '', inline] = match;
    const kind = kinds[name];
    if (!kind) throw new UsageError(`unknown option --${name} for ${command} (it takes ${Object.keys(kinds).map((k) => `--${k}`).join(', ')})`);
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    if (kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Checks `--since` and turns it into the UTC form the store keeps (`2025-01-31T12:00:00.000Z`),
 * the form its text comparison of times needs. A date alone means UTC midnight and a time without
 * offset is local time, as ECMAScript reads ISO 8601. Only ISO forms are accepted: `Date.parse`
 * also takes "March 7", whose meaning depends on the engine, and a typo must be a usage error
 * rather than an `Invalid Date` that silently matches nothing.
 */
export function parseSince(value: string): string {
  const match = ISO_TIME.exec(value);
  const time = match ? Date.parse(value) : Number.NaN;
  // Date.parse rolls 2025-02-30 over into March; a date that is not in the calendar is a typo.
  const [, y, m, d] = match ?? [];
  const calendar = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (Number.isNaN(time) || calendar.getUTCMonth() !== Number(m) - 1 || calendar.getUTCDate() !== Number(d)) {
    throw new UsageError(`--since "${value}" is not an ISO 8601 time (e.g. 2025-01-31 or 2025-01-31T12:00:00Z)`);
  }
  return new Date(time).toISOString();
}

/** Appends to a file synchronously: an error surfaces at the write that failed, never as a stream event. */
function fileSink(fd: number): TextSink {
  return {
    write(chunk) {
      writeSync(fd, chunk);
      return true;
    },
  };
}

/** Opens the audit database the config names, or says in one line why there is none. */
function openStore(config: Config): AuditStore {
  if (config.auditDb === null) throw new ConfigError('the audit trail is off (AUDIT=off), so no answers were recorded: set AUDIT=on to record and audit them');
  // The store creates a missing file; for an audit that would only hide a wrong AUDIT_DB.
  if (!existsSync(config.auditDb)) {
    throw new ConfigError(`no audit database at ${config.auditDb} (AUDIT_DB): no answers have been recorded yet, or AUDIT_DB points elsewhere`);
  }
  return new SqliteAuditStore(config.auditDb);
}

async function verify(args: readonly string[], config: Config, out: TextSink): Promise<number> {
  const flags = parseFlags('verify', args, { since: 'string', json: 'boolean' });
  const since = flags.has('since') ? parseSince(String(flags.get('since'))) : undefined;
  const store = openStore(config);
  try {
    // The corpus files, not the index: an article edited but not yet re-ingested must show up.
    const documents = await loadDocuments(config.corpus).catch((error: unknown) => {
      throw new ConfigError(`cannot read the corpus ${config.corpus.join(', ')} (CORPUS): ${error instanceof Error ? error.message : String(error)}`);
    });
    const manifest = await readManifest(config.vectorsDir);
    const summary = await writeDriftReport(
      store.all(since ? { since } : {}),
      new Map(documents.map((d) => [d.id, d])),
      { manifestChecksum: manifest?.checksum ?? null, vectorsDir: config.vectorsDir },
      out,
      flags.has('json') ? 'json' : 'text',
    );
    return summary.answersDrifted > 0 ? EXIT.drift : EXIT.ok;
  } finally {
    store.close();
  }
}

async function exportAnswers(args: readonly string[], config: Config, out: TextSink): Promise<number> {
  const flags = parseFlags('export', args, { format: 'string', since: 'string', out: 'string' });
  const format = String(flags.get('format') ?? 'jsonl');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format "${format}" is not one of ${EXPORT_FORMATS.join(', ')}`);
  const since = flags.has('since') ? parseSince(String(flags.get('since'))) : undefined;
  const file = flags.get('out');
  const store = openStore(config);
  try {
    const entries = store.all(since ? { since } : {});
    if (typeof file !== 'string') {
      await writeExport(entries, format as ExportFormat, out);
      return EXIT.ok;
    }
    // Written beside the target and renamed at the end, so a failed export never leaves half a file behind.
    const partial = `${file}.partial-${process.pid}`;
    const fd = openSync(partial, 'w');
    try {
      const count = await writeExport(entries, format as ExportFormat, fileSink(fd));
      closeSync(fd);
      renameSync(partial, file);
      out.write(`exported ${count} answer${count === 1 ? '' : 's'} as ${format} to ${file}\n`);
      return EXIT.ok;
    } catch (error) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      rmSync(partial, { force: true });
      throw error;
    }
  } finally {
    store.close();
  }
}

/**
 * `npm run audit -- <verify|export> …`: re-check stored answers against the documents as they
 * are now, or export them for evaluation tools. Runs as a function so tests pass their own
 * environment and collect the output.
 *
 * @returns the exit code (see {@link EXIT}).
 */
export async function runAuditCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: TextSink = process.stdout,
  err: TextSink = process.stderr,
): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === 'help' || command === '--help' || command === '-h') {
      out.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (command !== 'verify' && command !== 'export') {
      throw new UsageError(command === undefined ? 'no command given (verify or export)' : `unknown command "${command}" (verify or export)`);
    }
    const config = loadConfig(env);
    return command === 'verify' ? await verify(args, config, out) : await exportAnswers(args, config, out);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err.write(`error: ${message}${error instanceof UsageError ? '; run npm run audit -- help for usage' : ''}\n`);
    return EXIT.failed;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runAuditCli(process.argv.slice(2));
}
