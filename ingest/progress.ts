/** Reports progress of a long step: a redrawn bar on a terminal, a few plain lines otherwise. */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function createProgress(label: string, total: number, out: Output): Progress {
  let lastQuarter = -1;
  let finished = false;
  const render = (done: number): void => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    if (out.isTTY) {
      const width = Math.max(10, Math.min(40, (out.columns ?? 80) - label.length - 30));
      const filled = Math.round(ratio * width);
      out.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.round(ratio * 100)}%`);
      return;
    }
    const quarter = Math.floor(ratio * 4);
    if (quarter > lastQuarter) {
      lastQuarter = quarter;
      out.write(`${label}: ${done}/${total} (${Math.round(ratio * 100)}%)\n`);
    }
  };
  return {
    update(done) {
      if (!finished) render(done);
    },
    finish() {
      if (finished) return;
      render(total);
      finished = true;
      if (out.isTTY) out.write('\n');
    },
  };
}

/** A progress reporter that says nothing, for tests and library callers. */
export const silentProgress = (): Progress => ({ update() {}, finish() {} });
