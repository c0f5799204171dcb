import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('WORD_VECTORS', () => {
  it('is on unless set to off', () => {
    expect(loadConfig({}).wordVectors).toBe(true);
    expect(loadConfig({ WORD_VECTORS: 'on' }).wordVectors).toBe(true);
    expect(loadConfig({ WORD_VECTORS: 'off' }).wordVectors).toBe(false);
  });

  it('refuses any other value, naming the variable and the value', () => {
    expect(() => loadConfig({ WORD_VECTORS: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig({ WORD_VECTORS: 'maybe' })).toThrow(/WORD_VECTORS="maybe"/);
  });
});
