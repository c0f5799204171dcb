import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ask } from './ask.js';
import { exitOf, killAll, lines, listeningPort, startServer, until, waitFor } from './child-process.js';
import { ANSWER_FACT, ARTICLE, buildArticleIndex, createWorkspace, type Workspace } from './workspace.js';

/**
 * The audit trail's SQLite file cannot be created, or is locked by another connection. Either
 * way the audit trail is what suffers, never the answers: they are served with 200, and the
 * failure is reported on stderr.
 */

let ws: Workspace;
let vectorsDir: string;

const serverEnv = (auditDb: string): Record<string, string> => ({ VECTORS_DIR: vectorsDir, MODELS_DIR: ws.modelsDir, CORPUS: ARTICLE, AUDIT_DB: auditDb });

beforeAll(async () => {
  ws = await createWorkspace('audit-db');
  vectorsDir = join(ws.dir, 'vectors');
  await buildArticleIndex(ws, vectorsDir);
});

afterAll(async () => {
  killAll();
  await ws?.remove();
});

describe('an audit database that cannot be created', () => {
  it.concurrent('starts, says once that the audit trail is disabled, and answers', async ({ expect, onTestFinished }) => {
    // A regular file where the database's folder should be: no mkdir or open can get past it.
    const blocker = join(ws.dir, 'not-a-folder');
    await writeFile(blocker, 'a file, not a folder\n');
    const auditDb = join(blocker, 'audit.sqlite');
    const server = startServer(serverEnv(auditDb));
    onTestFinished(() => server.killGroup('SIGKILL'));
    const port = await listeningPort(server);

    const disabled = lines(server.stderr()).filter((l) => /audit trail disabled/.test(l));
    expect(disabled, server.stderr()).toHaveLength(1);
    expect(disabled[0]).toContain(auditDb);
    const { status, record } = await ask(port);
    expect(status).toBe(200);
    expect(record.answer).toContain(ANSWER_FACT);
    const audit = await fetch(`http://127.0.0.1:${port}/api/audit`);
    expect(audit.status).toBe(404);
    expect(lines(server.stderr()).filter((l) => /audit trail/.test(l))).toHaveLength(1);

    server.child.kill('SIGTERM');
    expect((await exitOf(server, 10_000)).code).toBe(0);
  }, 60_000);
});

describe('an audit database locked by another connection', () => {
  it.concurrent('answers with 200 while the write fails and is logged with the answer id, then records again once the lock is gone', async ({ expect, onTestFinished }) => {
    const auditDir = join(ws.dir, 'locked');
    await mkdir(auditDir);
    const auditDb = join(auditDir, 'audit.sqlite');
    const server = startServer(serverEnv(auditDb));
    onTestFinished(() => server.killGroup('SIGKILL'));
    const port = await listeningPort(server);

    // Another process's connection (here: this test's), holding the write lock.
    const other = new Database(auditDb);
    onTestFinished(() => {
      other.close();
    });
    const recorded = (id: string): boolean => other.prepare('SELECT 1 FROM answers WHERE id = ?').get(id) !== undefined;
    other.exec('BEGIN EXCLUSIVE');

    const locked = await ask(port);
    expect(locked.status).toBe(200);
    expect(locked.record.answer).toContain(ANSWER_FACT);
    // The answer arrived before the write gave up (the busy timeout is 2 s): the client never waited on it.
    expect(server.stderr()).not.toContain(locked.record.id);
    // Nor does anyone else: while that write waits for the lock, the server keeps serving.
    const started = Date.now();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const failure = await waitFor(
      server,
      'the failed audit write was never logged',
      () => lines(server.stderr()).find((l) => l.includes(locked.record.id)),
      15_000,
    );
    expect(failure).toMatch(/not recorded/);
    expect(failure).toMatch(/locked|busy/i);

    other.exec('ROLLBACK');
    const after = await ask(port);
    expect(after.status).toBe(200);
    await until(`answer ${after.record.id} was not recorded after the lock was released`, () => recorded(after.record.id), 10_000);
    // A write that failed is reported, not retried: that answer is missing from the trail.
    expect(recorded(locked.record.id)).toBe(false);

    server.child.kill('SIGTERM');
    expect((await exitOf(server, 10_000)).code).toBe(0);
  }, 60_000);
});
