import { describe, expect, it } from 'vitest';
import { pinnedMode } from '../../eval/modes.js';
import type { AnalyzedQuery } from '../../server/query.js';
import type { Retriever, RetrieveOptions } from '../../server/retrieve.js';

describe('pinnedMode', () => {
  it('searches in its mode whatever mode the caller asks for, keeping topK', async () => {
    const seen: RetrieveOptions[] = [];
    const recording: Retriever = {
      async retrieve(_query, options) {
        seen.push(options);
        return [];
      },
    };
    const dense = pinnedMode(recording, 'dense');
    await dense.retrieve({} as AnalyzedQuery, { topK: 5 });
    await dense.retrieve({} as AnalyzedQuery, { topK: 3, mode: 'hybrid' });
    expect(seen).toEqual([{ topK: 5, mode: 'dense' }, { topK: 3, mode: 'dense' }]);
  });
});
