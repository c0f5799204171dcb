import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../ingest/chunk.js';
import { ingest } from '../../ingest/ingest.js';
import { silentProgress } from '../../ingest/progress.js';
import { auditEntryFor, type AuditEntry } from '../../server/audit/audit-record.js';
import { runAuditCli } from '../../server/audit/cli.js';
import { CSV_COLUMNS, type ExportRow } from '../../server/audit/export.js';
import { SqliteAuditStore } from '../../server/audit/sqlite-store.js';
import { loadAssistant } from '../../server/load-assistant.js';
import { ARTICLE, ARTICLE_PATH } from '../ingest/article.js';

const quiet = { info() {}, warn() {}, error() {} };

/** Asked once; every test stores copies of these answers in a database of its own. */
const QUESTIONS = {
  summit: 'When was the first Russia-ASEAN summit held?',
  trade: 'What was the volume of trade between Russia and ASEAN in 2013?',
  awkward: 'Where was the second summit held, and what did "ASEAN" leaders call it?\nPlease be brief.',
} as const;

/** Put before the first-summit sentence in the edited article, moving every later quote by its length. */
const INSERTED = 'Summits are where the partnership took its shape. ';

let root: string;
let vectorsDir: string;
let modelsDir: string;
let dbCount = 0;
const answers = {} as Record<keyof typeof QUESTIONS, AuditEntry>;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'audit-cli-'));
  vectorsDir = path.join(root, 'vectors');
  modelsDir = path.join(root, 'models');
  const embeddings = { mode: 'local' as const, model: 'unused', modelDir: modelsDir, allowRemote: false, quantized: true, localDimensions: 1024 };
  await ingest({ inputs: [ARTICLE_PATH], vectorsDir, chunk: DEFAULT_CHUNK_OPTIONS, embeddings, force: false, log: quiet, progress: silentProgress });
  const { assistant, index } = await loadAssistant({ vectorsDir, embeddings });
  const context = {
    origin: 'api/ask' as const,
    apiKeyId: null,
    history: [],
    embedder: index.manifest.embedder.id,
    manifestChecksum: index.manifest.checksum,
    documentChecksums: Object.fromEntries(index.manifest.documents.map((d) => [d.id, d.checksum])),
  };
  const times = ['2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z'];
  for (const [i, key] of (Object.keys(QUESTIONS) as Array<keyof typeof QUESTIONS>).entries()) {
    const record = await assistant.ask({ origin: 'api/ask', question: QUESTIONS[key] });
    answers[key] = { ...auditEntryFor(record, context), id: key, createdAt: times[i]! };
  }
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** A fresh audit database holding the given entries; returns its path. */
async function storeWith(...entries: AuditEntry[]): Promise<string> {
  const file = path.join(root, `audit-${++dbCount}.sqlite`);
  const store = new SqliteAuditStore(file);
  for (const entry of entries) await store.record(entry);
  store.close();
  return file;
}

/** The three real answers, oldest first. */
function allAnswers(): AuditEntry[] {
  return [answers.summit, answers.trade, answers.awkward];
}

/** A copy of an entry with changes; deep enough that the shared answers stay untouched. */
function variant(entry: AuditEntry, changes: Partial<AuditEntry>): AuditEntry {
  return { ...structuredClone(entry), ...changes };
}

function env(auditDb: string, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { AUDIT_DB: auditDb, CORPUS: ARTICLE_PATH, VECTORS_DIR: vectorsDir, MODELS_DIR: modelsDir, EMBEDDINGS: 'local', ...overrides };
}

function collector() {
  const chunks: string[] = [];
  return {
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    get text() {
      return chunks.join('');
    },
  };
}

async function run(argv: string[], environment: NodeJS.ProcessEnv) {
  const out = collector();
  const err = collector();
  const code = await runAuditCli(argv, environment, out, err);
  return { code, out: out.text, err: err.text, lines: out.text.split('\n').filter(Boolean) };
}

/** The article with the trade figure changed and a sentence inserted before the first summit, as a corpus file. */
async function editedCorpus(): Promise<string> {
  const edited = ARTICLE.replace('$17.5 billion', '$18.5 billion').replace(
    'Of special importance was the first Russia-ASEAN Summit',
    `${INSERTED}Of special importance was the first Russia-ASEAN Summit`,
  );
  const dir = await mkdtemp(path.join(root, 'corpus-'));
  // Same file name, so the same document id as the answers cite.
  const file = path.join(dir, 'article.txt');
  await writeFile(file, edited);
  return file;
}

/** A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field), records.push(record), (record = []), (field = ''), i++;
    } else field += ch;
  }
  if (field !== '' || record.length > 0) record.push(field), records.push(record);
  return records;
}

describe('npm run audit -- verify', () => {
  it('exits 0 with a summary and no problem lines when the article is unchanged', async () => {
    const result = await run(['verify'], env(await storeWith(...allAnswers())));

    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    expect(result.lines).toEqual([
      'checked 3 answers, 4 citations: 4 verbatim, 0 moved, 0 gone, 0 unknown document, 0 unverified when given; 0 documents changed (under 0 answers); 0 answers drifted',
    ]);
  });

  it('exits 1 and reports the edited trade quote gone, the summit quote moved to its new offsets, and the document changed', async () => {
    const corpus = await editedCorpus();
    const summit = answers.summit.citations[0]!;
    const trade = answers.trade.citations[0]!;

    const result = await run(['verify'], env(await storeWith(...allAnswers()), { CORPUS: corpus }));

    expect(result.code).toBe(1);
    const edited = await readFile(corpus, 'utf8');
    const movedTo = summit.start + INSERTED.length;
    expect(edited.slice(movedTo, movedTo + summit.quote.length)).toBe(summit.quote);
    expect(result.lines).toContain(`summit [1] article: moved ${summit.start}–${summit.end} → ${movedTo}–${summit.end + INSERTED.length} ${JSON.stringify(summit.quote.slice(0, 59) + '…')}`);
    expect(result.lines.some((l) => l.startsWith(`trade [1] article: quote gone (was at ${trade.start}–${trade.end})`))).toBe(true);
    expect(result.lines.some((l) => l.startsWith('trade [2] article: moved '))).toBe(true);
    expect(result.lines.filter((l) => / article: document changed since the answer \(sha256 [0-9a-f]{12} → [0-9a-f]{12}\)$/.test(l))).toHaveLength(3);
    expect(result.lines.at(-1)).toBe(
      'checked 3 answers, 4 citations: 0 verbatim, 3 moved, 1 gone, 0 unknown document, 0 unverified when given; 1 document changed (under 3 answers); 3 answers drifted',
    );
  });

  it('gives the same findings as one JSON document with --json', async () => {
    const corpus = await editedCorpus();

    const result = await run(['verify', '--json'], env(await storeWith(...allAnswers()), { CORPUS: corpus }));

    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    const trade = report.answers.find((a: { id: string }) => a.id === 'trade');
    expect(trade.citations.map((c: { status: string }) => c.status)).toEqual(['gone', 'moved']);
    expect(trade.changedDocuments).toEqual([{ documentId: 'article', was: answers.trade.documentChecksums.article, now: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const summit = report.answers.find((a: { id: string }) => a.id === 'summit').citations[0];
    expect(summit.now.start - summit.was.start).toBe(INSERTED.length);
    expect(report.summary).toMatchObject({ answers: 3, citations: 4, verbatim: 0, moved: 3, gone: 1, documentsChanged: 1, answersDrifted: 3, ok: false });
  });

  it('reports a stored quote whose digits were tampered with as gone, while the untouched answers pass', async () => {
    const original = answers.trade.citations[0]!;
    const tampered = variant(answers.trade, { id: 'tampered' });
    tampered.citations[0]!.quote = original.quote.replace('$17.5', '$71.5');

    const result = await run(['verify'], env(await storeWith(...allAnswers(), tampered)));

    expect(result.code).toBe(1);
    expect(result.lines.filter((l) => !l.startsWith('checked'))).toEqual([
      `tampered [1] article: quote gone (was at ${original.start}–${original.end}) ${JSON.stringify(tampered.citations[0]!.quote.slice(0, 59) + '…')}`,
    ]);
    expect(result.lines.at(-1)).toMatch(/^checked 4 answers, 6 citations: 5 verbatim, 0 moved, 1 gone, .*; 1 answer drifted$/);
  });

  it('reports a citation on a document the corpus no longer has as an unknown document', async () => {
    const stray = variant(answers.summit, { id: 'stray' });
    stray.citations[0]!.documentId = 'old-article';

    const result = await run(['verify'], env(await storeWith(stray)));

    expect(result.code).toBe(1);
    expect(result.lines[0]).toMatch(/^stray \[1\] old-article: unknown document "Of special/);
  });

  it('reports quotes that were unverified when given apart, without failing', async () => {
    const llm = variant(answers.summit, { id: 'llm', mode: 'llm', model: 'stub' });
    llm.citations[0] = { ...llm.citations[0]!, quote: 'The summit was a triumph.', start: -1, end: -1, verified: false, reason: 'not-found' };

    const result = await run(['verify'], env(await storeWith(llm)));

    expect(result.code).toBe(0);
    expect(result.lines[0]).toBe('llm [1] article: unverified when given (not-found) "The summit was a triumph."');
    expect(result.lines.at(-1)).toMatch(/0 gone, 0 unknown document, 1 unverified when given; .*0 answers drifted$/);
  });

  it('notes answers from another index without failing when their documents are unchanged', async () => {
    const older = variant(answers.summit, { id: 'older', manifestChecksum: 'f'.repeat(64) });

    const result = await run(['verify'], env(await storeWith(older, answers.trade)));

    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatch(/^index: 1 of 2 answers came from another index than the current one \(manifest [0-9a-f]{12}\): it was rebuilt since$/);
  });

  it('checks only answers given at or after --since', async () => {
    const tampered = variant(answers.summit, { id: 'tampered', createdAt: '2024-12-31T23:59:59.000Z' });
    tampered.citations[0]!.quote = tampered.citations[0]!.quote.replace('2005', '2006');
    const db = await storeWith(tampered, ...allAnswers());

    const since = await run(['verify', '--since', '2025-01-01'], env(db));
    const all = await run(['verify'], env(db));

    expect(since.code).toBe(0);
    expect(since.lines.at(-1)).toMatch(/^checked 3 answers,/);
    expect(all.code).toBe(1);
  });
});

describe('npm run audit -- export', () => {
  it('writes one JSON object per answer with question, answer and the passages as contexts in rank order', async () => {
    const result = await run(['export', '--format', 'jsonl'], env(await storeWith(...allAnswers())));

    expect(result.code).toBe(0);
    const rows = result.lines.map((l) => JSON.parse(l) as ExportRow);
    expect(rows.map((r) => r.id)).toEqual(['summit', 'trade', 'awkward']);
    for (const [i, row] of rows.entries()) {
      const entry = allAnswers()[i]!;
      expect(row.question).toBe(entry.question);
      expect(row.answer).toBe(entry.answer);
      expect(row.contexts).toEqual([...entry.passages].sort((a, b) => a.rank - b.rank).map((p) => p.text));
      expect(row).not.toHaveProperty('ground_truth');
    }
    expect(rows[1]).toMatchObject({
      created_at: '2025-02-01T00:00:00.000Z',
      standalone_question: QUESTIONS.trade,
      abstained: false,
      support: 'supported',
      mode: 'extractive',
      model: null,
      embedder: 'local-hash-1024',
      manifest_checksum: answers.trade.manifestChecksum,
      feedback: null,
    });
    expect(rows[1]!.citations[0]).toEqual({ n: 1, document_id: 'article', quote: answers.trade.citations[0]!.quote, start: answers.trade.citations[0]!.start, end: answers.trade.citations[0]!.end, verified: true });
  });

  it('writes CSV whose question with a comma, a quote and a line break survives an RFC 4180 parser', async () => {
    const rated = variant(answers.trade, { feedback: { rating: 'down', comment: 'too long, "really"', at: '2025-02-02T00:00:00.000Z' } });

    const result = await run(['export', '--format', 'csv'], env(await storeWith(answers.summit, rated, answers.awkward)));

    expect(result.code).toBe(0);
    const [header, ...rows] = parseCsv(result.out);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const column = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(column(rows[2]!, 'question')).toBe(QUESTIONS.awkward);
    expect(column(rows[2]!, 'answer')).toBe(answers.awkward.answer);
    expect(column(rows[2]!, 'abstained')).toBe('false');
    expect(column(rows[1]!, 'citations')).toBe('2');
    expect(column(rows[1]!, 'unverified')).toBe('0');
    expect(column(rows[1]!, 'rating')).toBe('down');
    expect(column(rows[1]!, 'feedback_comment')).toBe('too long, "really"');
    expect(column(rows[0]!, 'model')).toBe('');
    expect(column(rows[0]!, 'contexts')!.split(' ||| ')).toHaveLength(answers.summit.passages.length);
  });

  it('exports only answers given at or after --since', async () => {
    const result = await run(['export', '--since', '2025-02-01T00:00:00Z'], env(await storeWith(...allAnswers())));

    expect(result.code).toBe(0);
    expect(result.lines.map((l) => (JSON.parse(l) as ExportRow).id)).toEqual(['trade', 'awkward']);
  });

  it('reads --since with an offset as the same instant in UTC', async () => {
    const result = await run(['export', '--since=2025-02-01T01:00:00+01:00'], env(await storeWith(...allAnswers())));

    expect(result.lines.map((l) => (JSON.parse(l) as ExportRow).id)).toEqual(['trade', 'awkward']);
  });

  it('writes to the --out file and says how many answers it wrote', async () => {
    const file = path.join(root, 'export.csv');

    const result = await run(['export', '--format', 'csv', '--out', file], env(await storeWith(...allAnswers())));

    expect(result.code).toBe(0);
    expect(result.out).toBe(`exported 3 answers as csv to ${file}\n`);
    expect(parseCsv(await readFile(file, 'utf8'))).toHaveLength(4);
  });
});

describe('npm run audit usage errors', () => {
  it('exits 2 with one line naming an unknown command', async () => {
    const result = await run(['vrify'], env(await storeWith()));

    expect(result.code).toBe(2);
    expect(result.err).toBe('error: unknown command "vrify" (verify or export); run npm run audit -- help for usage\n');
  });

  it('exits 2 naming an unknown option', async () => {
    const result = await run(['verify', '--jsn'], env(await storeWith()));

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^error: unknown option --jsn for verify \(it takes --since, --json\)/);
  });

  it('exits 2 when --since is not an ISO time or not a calendar date', async () => {
    const db = await storeWith();
    for (const since of ['yesterday', '2025-02-30', '31/01/2025']) {
      const result = await run(['verify', '--since', since], env(db));
      expect(result.code).toBe(2);
      expect(result.err).toContain(`--since "${since}" is not an ISO 8601 time`);
    }
  });

  it('exits 2 on an export format it does not write', async () => {
    const result = await run(['export', '--format', 'xlsx'], env(await storeWith()));

    expect(result.code).toBe(2);
    expect(result.err).toContain('--format "xlsx" is not one of jsonl, csv');
  });

  it('exits 2 with a clear line when the audit trail is off', async () => {
    const result = await run(['verify'], env(await storeWith(), { AUDIT: 'off' }));

    expect(result.code).toBe(2);
    expect(result.err).toBe('error: the audit trail is off (AUDIT=off), so no answers were recorded: set AUDIT=on to record and audit them\n');
  });

  it('exits 2 without creating a database when AUDIT_DB names no file', async () => {
    const missing = path.join(root, 'nowhere', 'audit.sqlite');

    const result = await run(['export'], env(missing));

    expect(result.code).toBe(2);
    expect(result.err).toBe(`error: no audit database at ${missing} (AUDIT_DB): no answers have been recorded yet, or AUDIT_DB points elsewhere\n`);
    expect(existsSync(missing)).toBe(false);
  });
});
