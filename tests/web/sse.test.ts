import { describe, expect, it } from 'vitest';
import { SseParser } from '../../web/src/sse.js';

describe('SseParser (the UI reading /api/chat streams)', () => {
  it('returns whole events only, keeping a partial one for the next chunk', () => {
    const parser = new SseParser();
    expect(parser.push('event: delta\ndata: {"text":"Of spe')).toEqual([]);
    expect(parser.push('cial"}\n\nevent: done\ndata: {}\n\n')).toEqual([
      { event: 'delta', data: '{"text":"Of special"}' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('names unnamed events "message" and joins multi-line data', () => {
    expect(new SseParser().push('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('accepts CRLF line ends and ignores comment lines', () => {
    expect(new SseParser().push(': keep-alive\r\nevent: citation\r\ndata: {"n":1}\r\n\r\n')).toEqual([{ event: 'citation', data: '{"n":1}' }]);
  });

  it('skips blocks without data', () => {
    expect(new SseParser().push('event: ping\n\n')).toEqual([]);
  });
});
