import { describe, expect, it } from 'vitest';
import { createProgress, silentProgress } from '../../ingest/progress.js';

/** An output stream that records what is written to it. */
function output({ isTTY = false, columns = 80 }: { isTTY?: boolean; columns?: number } = {}) {
  const written: string[] = [];
  return { written, isTTY, columns, write: (text: string) => written.push(text) };
}

describe('createProgress', () => {
  it('prints a few plain lines, one per quarter, when the output is not a terminal', () => {
    const out = output();
    const progress = createProgress('embedding', 100, out);

    for (let done = 1; done <= 100; done++) progress.update(done);
    progress.finish();

    expect(out.written).toEqual([
      'embedding: 1/100 (1%)\n',
      'embedding: 25/100 (25%)\n',
      'embedding: 50/100 (50%)\n',
      'embedding: 75/100 (75%)\n',
      'embedding: 100/100 (100%)\n',
    ]);
  });

  it('redraws one bar in place on a terminal and ends it with a newline', () => {
    const out = output({ isTTY: true });
    const progress = createProgress('embedding', 4, out);

    progress.update(2);
    progress.finish();

    expect(out.written[0]).toMatch(/^\rembedding \[#+-+\] 2\/4 50%$/);
    expect(out.written[1]).toMatch(/^\rembedding \[#+\] 4\/4 100%$/);
    expect(out.written[2]).toBe('\n');
  });

  it('reports completion once, however often it is finished', () => {
    const out = output();
    const progress = createProgress('embedding', 2, out);

    progress.finish();
    progress.finish();
    progress.update(1);

    expect(out.written).toEqual(['embedding: 2/2 (100%)\n']);
  });

  it('reports an empty job as complete', () => {
    const out = output();

    createProgress('embedding', 0, out).finish();

    expect(out.written).toEqual(['embedding: 0/0 (100%)\n']);
  });
});

describe('silentProgress', () => {
  it('accepts updates and says nothing', () => {
    const progress = silentProgress();

    expect(() => {
      progress.update(1);
      progress.finish();
    }).not.toThrow();
  });
});
