/**
 * Recognises the scholarly apparatus at the end of an article: the numbered notes list and the
 * translator line. Everything before them is body text; only body text is chunked and quoted.
 */

/** One entry of the numbered notes list. `start`/`end` locate `text` in the document. */
export interface Note {
  n: number;
  text: string;
  start: number;
  end: number;
}

export interface Apparatus {
  /** Offset where body text ends (the start of the notes list or translator line). */
  bodyEnd: number;
  notes: Note[];
}

const NOTE_LINE = /^[ \t]*(\d{1,3})\.[ \t]+(\S.*)$/;
const TRANSLATOR_LINE = /^[ \t]*Translated by\b/i;

interface Line {
  text: string;
  start: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.replace(/\r$/, ''), start });
    start += raw.length + 1;
  }
  return lines;
}

/**
 * Finds the trailing notes list (lines `1. …`, `2. …` numbered consecutively from 1) and a
 * trailing translator line. A numbered list in the middle of the body is left alone because the
 * list must run to the end of the document, blank lines and the translator line aside.
 */
export function findApparatus(text: string): Apparatus {
  const lines = linesOf(text);
  let bodyEnd = text.length;
  let i = lines.length - 1;
  const skipBlank = (): void => {
    while (i >= 0 && lines[i]!.text.trim() === '') i--;
  };

  skipBlank();
  if (i >= 0 && TRANSLATOR_LINE.test(lines[i]!.text)) {
    bodyEnd = lines[i]!.start;
    i--;
    skipBlank();
  }

  const collected: Note[] = [];
  while (i >= 0) {
    const line = lines[i]!;
    const match = NOTE_LINE.exec(line.text);
    if (!match) break;
    const body = match[2]!.trimEnd();
    const bodyStart = line.start + line.text.indexOf(body, match[0].indexOf(match[2]!));
    collected.unshift({ n: Number(match[1]), text: body, start: bodyStart, end: bodyStart + body.length });
    i--;
  }
  const consecutive = collected.length > 0 && collected.every((note, k) => note.n === k + 1);
  if (!consecutive) return { bodyEnd: trimEnd(text, bodyEnd), notes: [] };
  return { bodyEnd: trimEnd(text, lines[i + 1]!.start), notes: collected };
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  return e;
}
