import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * Generators of hostile input for the fuzz tests: text that breaks naive encoders, path segments
 * that break naive routers, query strings, bodies and headers that break naive parsers. Each
 * mixes plausible values (so requests get past the first check and reach the handler) with junk.
 */

export const QUESTIONS = [
  'When was the first Russia-ASEAN summit held?',
  'Who won the 2018 FIFA World Cup?',
  'What share of the world’s gross product could the Asia-Pacific region reach by 2025?',
  'And the second one?',
];

const codeUnit = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));

/** One "character" a naive encoder trips on: C0/C1 controls, unpaired surrogates, BOM, bidi marks, … */
export const nastyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: codeUnit(0x00, 0x1f) },
  { weight: 1, arbitrary: codeUnit(0x7f, 0x9f) },
  { weight: 2, arbitrary: codeUnit(0xd800, 0xdfff) },
  { weight: 1, arbitrary: fc.constantFrom('\uFEFF', '\u202E', '\u200B', '\u2028', '\u2029', '\uFFFD', '\uFFFF', '\u0301', '😀', '"', '\\', '%', '[1]', '\u0000') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

export const nastyString = (maxLength = 40): fc.Arbitrary<string> => fc.string({ unit: nastyChar, maxLength });

/** A real question with nasty characters spliced in, so it still gets answered (and echoed). */
export const taintedQuestion: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...QUESTIONS), fc.array(fc.tuple(fc.nat(), nastyString(3)), { maxLength: 6 }))
  .map(([question, inserts]) => inserts.reduce((q, [at, s]) => q.slice(0, at % (q.length + 1)) + s + q.slice(at % (q.length + 1)), question));

export const anyQuestion: fc.Arbitrary<string> = fc.oneof(taintedQuestion, nastyString(60), fc.constantFrom(...QUESTIONS));

/**
 * Percent-encodes text as UTF-8 bytes; an unpaired surrogate becomes its 3-byte (CESU-8) form,
 * which is not valid UTF-8 — exactly what a broken client would send.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const bytes = cp >= 0xd800 && cp <= 0xdfff ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)] : [...Buffer.from(ch, 'utf8')];
    out += /^[A-Za-z0-9._~-]$/.test(ch) ? ch : bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

/** A path segment (or a few): dot segments, encoded slashes and NULs, broken escapes, raw latin-1, prototype names, very long. */
export const pathSegment = (known: readonly string[] = []): fc.Arbitrary<string> => {
  const tricky = fc.constantFrom(
    '..', '.', '%2e%2e', '%2E%2E%2F', '..%2f', '%2f', '%2F..%2F..%2Fetc%2Fpasswd', '%00', '%', '%zz', '%E0%A4%A', '%ED%A0%80', '%FF',
    '%C0%AE%C0%AE', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '%20', '~', ';', ':', '*', '(', '$', "'", '+', '@',
    '%0A%20%20%20at%20x', '%22%3E%3Cscript%3E',
  );
  return fc.oneof(
    { weight: 3, arbitrary: tricky },
    { weight: 2, arbitrary: nastyString(30).map(percentEncode) },
    // Printable ASCII as is; bytes from 0x7F up never reach the app (Node's parser answers 400 itself).
    { weight: 1, arbitrary: fc.string({ unit: codeUnit(0x21, 0x7e), minLength: 1, maxLength: 20 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')) },
    { weight: 1, arbitrary: fc.integer({ min: 500, max: 8000 }).map((n) => 'a'.repeat(n)) },
    { weight: 1, arbitrary: fc.array(tricky, { minLength: 2, maxLength: 5 }).map((parts) => parts.join('/')) },
    ...(known.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...known) }] : []),
  );
};

/** A time as `from`/`to` might carry it: mostly ISO 8601 shaped, with out-of-range fields and offsets. */
export const isoishTime: fc.Arbitrary<string> = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.integer({ min: 0, max: 999_999_999 }), { nil: undefined }),
    offset: fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.boolean()).map(
        ([sign, h, m, colon]) => `${sign}${String(h).padStart(2, '0')}${colon ? ':' : ''}${String(m).padStart(2, '0')}`,
      ),
    ),
  })
  .map(({ year, month, day, hour, minute, fraction, offset }) => {
    const two = (n: number) => String(n).padStart(2, '0');
    return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:00${fraction === undefined ? '' : `.${fraction}`}${offset}`;
  });

/** One `key=value` of `GET /api/audit`'s query, keys and values both hostile at times. */
export const auditQueryPair = (cursors: readonly string[]): fc.Arbitrary<string> => {
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('limit', 'cursor', 'from', 'to', 'q', 'abstained', 'support', 'unverified', 'feedback') },
    { weight: 1, arbitrary: fc.constantFrom('limit[]', 'q[a]', '__proto__', 'constructor', '', 'LIMIT', 'q%00') },
    { weight: 1, arbitrary: nastyString(10).map(percentEncode) },
  );
  const value = fc.oneof(
    fc
      .oneof(
        fc.constantFrom('0', '1', '-1', '20', '100', '101', '1e2', '20.5', 'NaN', 'Infinity', ' 5', '0x10', '99999999999999999999', ''),
        fc.constantFrom('true', 'false', 'TRUE', '1', 'supported', 'partial', 'unsupported', 'abstained', 'up', 'down', 'any', 'none'),
        isoishTime,
        fc.constantFrom(...cursors, 'WyJhIiwiYiJd', 'WyJhIl0', 'bm90IGpzb24', 'eyJ9'),
        fc.base64String({ maxLength: 60 }),
        nastyString(40),
        fc.integer({ min: 200, max: 700 }).map((n) => 'x'.repeat(n)),
      )
      .map(percentEncode),
    // Escapes that do not decode: sent as they are.
    fc.constantFrom('%%%', '%zz', '%E0%A4%A', '%ED%A0%80', '%FF', '%00', '%'),
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}=${v}`) },
    { weight: 1, arbitrary: key },
    { weight: 1, arbitrary: fc.constantFrom('=', '&', '==', 'q=a=b', 'limit=1&limit=2', '%3D%26') },
  );
};

export const queryString = (cursors: readonly string[]): fc.Arbitrary<string> =>
  fc.array(auditQueryPair(cursors), { maxLength: 6 }).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.join('&')}`));

/** Any JSON value: deep, with huge and tiny numbers and nasty strings in keys and values. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 6, stringUnit: nastyChar }),
  fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true, withBoxedValues: true, withDate: true, withSparseArray: true, stringUnit: nastyChar }),
);

/** JSON text that JSON.stringify would never write: deep nesting, huge numbers, broken syntax. */
export const jsonText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 30_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 6_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.integer({ min: 1, max: 10_000 }).map((n) => `{"question":"When was the first summit?","history":${'['.repeat(n)}${']'.repeat(n)}}`),
  fc.integer({ min: 1, max: 30_000 }).map((n) => '['.repeat(n)),
  fc.constantFrom(
    '{"question":"When was the first Russia-ASEAN summit held?","topK":1e400}',
    '{"question":"When was the first Russia-ASEAN summit held?","topK":123456789012345678901234567890}',
    '{"question":"When was the first Russia-ASEAN summit held?","topK":-0}',
    '{"question":"When was the first Russia-ASEAN summit held?","topK":5.0000000000000001}',
    '{"answer":"x","citations":[{"n":9007199254740993,"documentId":"article","quote":"a","start":-1e308,"end":1e308}]}',
    '{"model":"article-assistant","messages":[{"role":"user","content":"hi"}],"temperature":1e-400,"max_tokens":1e21}',
    '{"question":"\\ud800\\udc00\\udc00\\ud800"}',
    '{"question":"a","question":"b"}',
    '{"__proto__":{"question":"polluted"},"constructor":{"prototype":{"x":1}}}',
    '"just a string"',
    'null',
    '',
    ' ',
    '{',
    '{"question":',
    '\uFEFF{"question":"with a BOM"}',
    '{"question":"x"}garbage',
  ),
  fc.string({ maxLength: 200 }),
);

/** Long text near the 64 KB body limit: sometimes under, sometimes over. */
export const longString: fc.Arbitrary<string> = fc
  .tuple(nastyString(6).filter((s) => s.length > 0), fc.integer({ min: 500, max: 22_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

/** Bodies shaped like each POST route's, with every field sometimes missing, wrong or hostile. */
export function shapedBody(route: string, answerIds: readonly string[]): fc.Arbitrary<unknown> {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 4 });
  const role = fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'developer', 'tool'), nastyString(8), anyJson);
  const content = fc.oneof({ weight: 4, arbitrary: anyQuestion }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: longString });
  const turn = fc.record({ role, content }, { requiredKeys: [] });
  const number = fc.oneof(fc.integer({ min: -5, max: 30 }), fc.double(), fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2), anyJson);
  switch (route) {
    case '/api/ask':
      return fc.record({ question: fc.oneof(anyQuestion, anyJson, longString), topK: maybe(number), history: maybe(fc.oneof(fc.array(turn, { maxLength: 25 }), anyJson)) });
    case '/api/chat':
      return fc.record({ messages: fc.oneof(fc.array(turn, { minLength: 1, maxLength: 30 }), anyJson), stream: maybe(fc.oneof(fc.boolean(), anyJson)), topK: maybe(number) });
    case '/v1/chat/completions':
      return fc.record({
        model: fc.oneof({ weight: 4, arbitrary: fc.constant('article-assistant') }, { weight: 1, arbitrary: anyJson }),
        messages: fc.oneof(
          fc.array(fc.record({ role, content: fc.oneof(content, fc.array(fc.record({ type: fc.oneof(fc.constant('text'), anyJson), text: fc.oneof(anyQuestion, anyJson) }), { maxLength: 3 })) }), { minLength: 1, maxLength: 8 }),
          anyJson,
        ),
        stream: maybe(fc.oneof(fc.boolean(), fc.constant(null), anyJson)),
        stream_options: maybe(fc.oneof(fc.record({ include_usage: fc.oneof(fc.boolean(), anyJson) }), anyJson)),
        n: maybe(number),
        temperature: maybe(number),
        max_tokens: maybe(number),
      });
    case '/api/verify':
      return fc.record({
        answer: fc.oneof(nastyString(200), anyJson, longString),
        citations: fc.oneof(
          fc.array(
            fc.record({ n: number, documentId: fc.oneof(fc.constant('article'), nastyString(10), anyJson), quote: fc.oneof(nastyString(60), fc.constant('Russia'), anyJson), start: number, end: number }),
            { maxLength: 120 },
          ),
          anyJson,
        ),
      });
    default:
      // Answer and citation feedback.
      return fc.record({ rating: fc.oneof(fc.constantFrom('up', 'down'), anyJson), supports: fc.oneof(fc.boolean(), anyJson), comment: maybe(fc.oneof(nastyString(100), anyJson, longString)), id: fc.constantFrom(...answerIds) }, { requiredKeys: [] });
  }
}

/** What goes on the wire for one body: JSON text, sometimes not JSON at all. */
export const wireBody = (route: string, answerIds: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: shapedBody(route, answerIds).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: jsonText },
  );

/** A header value Node's client accepts: latin-1 without controls, sometimes huge. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: codeUnit(0x20, 0x7e), maxLength: 60 }),
  fc.string({ unit: codeUnit(0x80, 0xff), maxLength: 20 }),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => 'h'.repeat(n)),
);

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/json; charset="UTF-8"',
    'application/json; charset',
    'application/json;;;',
    'APPLICATION/JSON',
    'application/json, text/plain',
    'application/vnd.api+json',
    'application/merge-patch+json',
    'application/*',
    '*/*',
    'json',
    '',
    ';',
    'text/plain',
    'text/plain; charset=utf-8',
    'text/event-stream',
    'multipart/form-data; boundary=----x',
    'multipart/form-data',
    'application/x-www-form-urlencoded',
  ),
  headerValue,
);

export interface BodyEncoding {
  header: string | undefined;
  /** Compress the body for real, or send it plain under a lying header. */
  compress: boolean;
}

export const contentEncoding: fc.Arbitrary<BodyEncoding> = fc.record({
  header: fc.constantFrom(undefined, undefined, undefined, 'gzip', 'deflate', 'br', 'identity', 'x-gzip', 'compress', 'gzip, gzip', 'zstd', 'GZIP'),
  compress: fc.boolean(),
});

export function encodeBody(body: string, encoding: BodyEncoding): Buffer {
  const plain = Buffer.from(body, 'utf8');
  return encoding.compress && encoding.header?.toLowerCase() === 'gzip' ? gzipSync(plain) : plain;
}

export const accept: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(undefined, 'application/json', 'text/event-stream', '*/*', 'text/html', 'application/xml', 'image/png', '', ';q=x', 'application/json;q=0'),
  headerValue,
);
