import { describe, expect, it } from 'vitest';
import { cleanText } from '../../server/clean-text.js';

describe('cleanText', () => {
  it('replaces unpaired surrogates with U+FFFD and keeps real pairs', () => {
    expect(cleanText('a\uD800b')).toBe('a\uFFFDb');
    expect(cleanText('a\uDC00')).toBe('a\uFFFD');
    expect(cleanText('emoji 😀 stays')).toBe('emoji 😀 stays');
  });

  it('drops control characters but keeps tabs and line breaks', () => {
    expect(cleanText('When\u0000 was\u001b the\u007f summit?\n\tok')).toBe('When was the summit?\n\tok');
  });
});
