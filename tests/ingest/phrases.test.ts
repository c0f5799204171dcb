import { describe, expect, it } from 'vitest';
import { findPhrases, phraseKeysIn } from '../../ingest/phrases.js';
import { words } from '../../ingest/tokenize.js';

const known = (...keys: string[]) => (key: string) => keys.includes(key);

describe('findPhrases', () => {
  it('finds a phrase through its inflected words and names the content terms it spans', () => {
    expect(findPhrases(words('How long has Russia taken part in the forum?'), known('take_part'))).toEqual([{ key: 'take_part', terms: ['take', 'part'] }]);
  });

  it('finds "setting up" as "set up" although the stemmer keeps the doubled consonant', () => {
    expect(findPhrases(words('They were setting up a partnership'), known('set_up'))).toEqual([{ key: 'set_up', terms: ['sett'] }]);
  });

  it('keeps the stop words inside a phrase in its key but not in its terms', () => {
    expect(findPhrases(words("What did Vietnam's head of state say?"), known('head_of_state'))).toEqual([{ key: 'head_of_state', terms: ['head', 'state'] }]);
  });

  it('prefers the longest phrase and never lets two overlap', () => {
    const found = findPhrases(words('the head of state set up a fund'), known('head_of', 'head_of_state', 'state_set', 'set_up'));
    expect(found.map((p) => p.key)).toEqual(['head_of_state', 'set_up']);
  });

  it('tries only the words that can begin a phrase when told which', () => {
    const tried: string[] = [];
    const known = (key: string) => (tried.push(key), key === 'set_up');

    expect(findPhrases(words('Russia and ASEAN set up a fund'), known, (word) => word === 'set')).toEqual([{ key: 'set_up', terms: ['set'] }]);
    expect(tried.every((key) => key.startsWith('set_'))).toBe(true);
  });

  it('finds nothing when no run of words is a known phrase', () => {
    expect(findPhrases(words('Russia joined the treaty in 2004'), known('take_part'))).toEqual([]);
  });
});

describe('phraseKeysIn', () => {
  it('lists the wanted phrases a text uses, in any inflection', () => {
    const text = 'Taking part in the forum were more than 200 officials. A fund was set up.';
    expect(phraseKeysIn(text, known('take_part', 'set_up', 'head_of_state'))).toEqual(new Set(['take_part', 'set_up']));
  });
});
