// Validates eval/questions.json against data/article.txt.
// Usage: npx tsx eval/check-questions.ts
// Exits 1 (after listing every problem, each naming the question id) if anything is wrong.
import { readFileSync } from "node:fs";

const ARTICLE_URL = new URL("../data/article.txt", import.meta.url);
const QUESTIONS_URL = new URL("./questions.json", import.meta.url);

const TYPES = ["factual", "paraphrase", "multi", "unanswerable"] as const;
type QType = (typeof TYPES)[number];

const MIN = {
  total: 64,
  answerable: 48,
  paraphrase: 12,
  multi: 6,
  unanswerable: 10,
  followUp: 3,
} as const;

const ALLOWED_KEYS = new Set(["id", "type", "question", "evidence", "facts", "history"]);

const errors: string[] = [];
const warnings: string[] = [];

function fail(id: string, msg: string): void {
  errors.push(`[${id}] ${msg}`);
}

function abort(msg: string): never {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

// ---- article body (everything before the numbered notes list) ----
let article: string;
try {
  article = readFileSync(ARTICLE_URL, "utf8");
} catch (e) {
  abort(`cannot read ${ARTICLE_URL.pathname}: ${String(e)}`);
}
const notesMatch = /^[ \t]+1\.[ \t]/m.exec(article);
if (!notesMatch) abort("could not find the start of the notes list (a line like '  1. ...') in the article");
const body = article.slice(0, notesMatch.index).trimEnd();

// ---- questions file ----
let raw: string;
try {
  raw = readFileSync(QUESTIONS_URL, "utf8");
} catch (e) {
  abort(`cannot read ${QUESTIONS_URL.pathname}: ${String(e)}`);
}
let parsed: unknown;
try {
  parsed = JSON.parse(raw);
} catch (e) {
  abort(`questions.json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
}
if (!Array.isArray(parsed)) abort("questions.json must contain a JSON array");

// ---- helpers for sentence-boundary checks ----
const SENTENCE_END = /[.!?”"]$/u;
const SENTENCE_START = /^[\p{Lu}“"(]/u;

/** Is there an occurrence of `ev` in the body that starts and ends on sentence boundaries? */
function occursAsWholeSentence(ev: string): boolean {
  let from = 0;
  for (;;) {
    const at = body.indexOf(ev, from);
    if (at < 0) return false;
    const before = at === 0 ? "" : body.slice(Math.max(0, at - 2), at);
    const after = body.charAt(at + ev.length); // "" at end of body
    const startOk =
      at === 0 ||
      before.endsWith("\n") ||
      // ". X", "”3 X", "? X" — previous sentence ended with punctuation or a footnote digit
      /[.!?”"\d] $/u.test(before);
    const endOk = after === "" || /[\s\d]/u.test(after);
    if (startOk && endOk) return true;
    from = at + 1;
  }
}

const STOP = new Set(
  ("the a an and or of to in on at for from by with what which who whom when where why how does did do is are was were " +
    "be been its it this that these those their there they them according article say says said any about into than " +
    "then also still ever have has had would could should will can one two first second").split(" "),
);
function contentWords(s: string): string[] {
  return (s.toLowerCase().match(/\p{L}[\p{L}\-’']*/gu) ?? [])
    .map((w) => w.replace(/[’']s$/u, ""))
    .filter((w) => w.length >= 3 && !STOP.has(w));
}

// ---- per-question checks ----
const ids = new Set<string>();
const seenPrompts = new Set<string>();
const counts: Record<QType, number> = { factual: 0, paraphrase: 0, multi: 0, unanswerable: 0 };
let followUps = 0;
const evidenceOffsets: number[] = [];

parsed.forEach((item: unknown, index: number) => {
  const label = isRecord(item) && typeof item.id === "string" && item.id ? item.id : `#${index}`;
  if (!isRecord(item)) {
    fail(label, "entry is not a JSON object");
    return;
  }
  for (const k of Object.keys(item)) if (!ALLOWED_KEYS.has(k)) fail(label, `unknown field "${k}"`);

  const { id, type, question, evidence, facts, history } = item;
  if (typeof id !== "string" || id.trim() === "") fail(label, "missing or empty string id");
  else if (ids.has(id)) fail(label, "duplicate id");
  else ids.add(id);

  if (typeof type !== "string" || !(TYPES as readonly string[]).includes(type)) {
    fail(label, `type must be one of ${TYPES.join(", ")} (got ${JSON.stringify(type)})`);
    return;
  }
  const qtype = type as QType;
  counts[qtype]++;

  if (typeof question !== "string" || question.trim() === "") fail(label, "question must be a non-empty string");
  if (!isStringArray(evidence)) {
    fail(label, "evidence must be an array of strings");
    return;
  }
  if (!isStringArray(facts)) {
    fail(label, "facts must be an array of strings");
    return;
  }

  // history (optional, follow-up questions)
  let historyKey = "";
  if (history !== undefined) {
    if (!Array.isArray(history) || history.length === 0) {
      fail(label, "history, when present, must be a non-empty array");
    } else {
      followUps++;
      history.forEach((turn: unknown, t: number) => {
        const expected = t % 2 === 0 ? "user" : "assistant";
        if (!isRecord(turn) || typeof turn.content !== "string" || turn.content.trim() === "") {
          fail(label, `history[${t}] must be an object with a non-empty string content`);
        } else if (turn.role !== expected) {
          fail(label, `history[${t}].role should be "${expected}" (turns alternate, starting with user)`);
        } else {
          historyKey += `${turn.role}:${turn.content}\n`;
        }
      });
      if (history.length % 2 !== 0) fail(label, "history must end with an assistant turn");
    }
  }
  if (typeof question === "string") {
    const key = `${historyKey}${question.trim().toLowerCase()}`;
    if (seenPrompts.has(key)) fail(label, "duplicate question (same text and history as an earlier one)");
    seenPrompts.add(key);
  }

  if (qtype === "unanswerable") {
    if (evidence.length !== 0) fail(label, "unanswerable question must have evidence []");
    if (facts.length !== 0) fail(label, "unanswerable question must have facts []");
    return;
  }

  // answerable
  if (qtype === "multi" && evidence.length < 2) fail(label, "multi question needs at least 2 evidence sentences");
  if (qtype !== "multi" && evidence.length !== 1)
    fail(label, `${qtype} question must have exactly 1 evidence sentence (got ${evidence.length})`);
  if (facts.length === 0) fail(label, "answerable question needs at least one fact");
  if (new Set(evidence).size !== evidence.length) fail(label, "duplicate evidence sentence");

  evidence.forEach((ev, e) => {
    const tag = `evidence[${e}]`;
    const short = ev.length > 70 ? `${ev.slice(0, 70)}…` : ev;
    if (ev.trim() === "") return fail(label, `${tag} is empty`);
    if (ev !== ev.trim()) fail(label, `${tag} has leading/trailing whitespace`);
    if (/\n/.test(ev)) fail(label, `${tag} spans a line break`);
    if (/\d$/.test(ev)) fail(label, `${tag} ends with a digit (drop the footnote number): "${short}"`);
    const at = body.indexOf(ev);
    if (at < 0) {
      const inNotes = article.includes(ev);
      fail(
        label,
        `${tag} is not an exact substring of the article body${inNotes ? " (it is in the notes/trailer, not the body)" : ""}: "${short}"`,
      );
      return;
    }
    evidenceOffsets.push(at);
    if (!SENTENCE_START.test(ev)) fail(label, `${tag} does not start like a sentence: "${short}"`);
    if (!SENTENCE_END.test(ev)) fail(label, `${tag} does not end with sentence punctuation: "${short}"`);
    if (!occursAsWholeSentence(ev)) fail(label, `${tag} is not a whole sentence (cut mid-sentence): "${short}"`);
  });

  if (new Set(facts).size !== facts.length) fail(label, "duplicate fact");
  facts.forEach((f, i) => {
    if (f.trim() === "") return fail(label, `facts[${i}] is empty`);
    if (!evidence.some((ev) => ev.includes(f)))
      fail(label, `facts[${i}] "${f}" is not a substring of any of its evidence sentences`);
  });

  // soft check: paraphrases should not mostly reuse the evidence's wording
  if (qtype === "paraphrase" && typeof question === "string") {
    const evWords = new Set(contentWords(evidence.join(" ")));
    const qWords = contentWords(question);
    const shared = qWords.filter((w) => evWords.has(w));
    if (qWords.length > 0 && shared.length / qWords.length > 0.5)
      warnings.push(`[${label}] paraphrase shares ${shared.length}/${qWords.length} content words with its evidence: ${shared.join(", ")}`);
  }
});

// ---- totals ----
const total = parsed.length;
const answerable = counts.factual + counts.paraphrase + counts.multi;
const need = (ok: boolean, msg: string): void => {
  if (!ok) errors.push(`[counts] ${msg}`);
};
need(total >= MIN.total, `need at least ${MIN.total} questions, have ${total}`);
need(answerable >= MIN.answerable, `need at least ${MIN.answerable} answerable questions, have ${answerable}`);
need(counts.paraphrase >= MIN.paraphrase, `need at least ${MIN.paraphrase} paraphrase questions, have ${counts.paraphrase}`);
need(counts.multi >= MIN.multi, `need at least ${MIN.multi} multi questions, have ${counts.multi}`);
need(counts.unanswerable >= MIN.unanswerable, `need at least ${MIN.unanswerable} unanswerable questions, have ${counts.unanswerable}`);
need(followUps >= MIN.followUp, `need at least ${MIN.followUp} follow-up questions (with history), have ${followUps}`);

// ---- report ----
const thirds = [0, 0, 0];
for (const off of evidenceOffsets) {
  const k = Math.min(2, Math.floor((off / body.length) * 3));
  thirds[k] = (thirds[k] ?? 0) + 1;
}
console.log(`questions: ${total}  (answerable ${answerable}, follow-ups ${followUps})`);
for (const t of TYPES) console.log(`  ${t.padEnd(13)} ${counts[t]}`);
console.log(`evidence spread over article body (start/middle/end thirds): ${thirds.join(" / ")}`);
for (const w of warnings) console.warn(`warning: ${w}`);

if (errors.length > 0) {
  console.error(`\nFAIL: ${errors.length} problem(s):`);
  for (const e of errors) console.error(`  ${e}`);
  process.exit(1);
}
console.log("OK: eval/questions.json is valid");
