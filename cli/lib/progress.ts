/**
 * A one-line progress bar on stderr, shown only on a TTY and only once a job has run for
 * more than a second, so short runs and pipes stay clean.
 */
export interface Progress {
  /** Reports progress in [0, 1] with an optional label. */
  update(fraction: number, label?: string): void;
  /** Clears the line. */
  done(): void;
}

/** Creates a progress bar for a job called `title`. */
export function createProgress(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const start = Date.now();
  const enabled = Boolean(stream.isTTY) && !process.env.CI;
  let shown = false;
  let lastDraw = 0;
  return {
    update(fraction, label = '') {
      if (!enabled) return;
      const now = Date.now();
      if (now - start < 1000 || now - lastDraw < 100) return;
      lastDraw = now;
      shown = true;
      const width = 30;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      stream.write(`\r${title} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${label}\x1b[K`);
    },
    done() {
      if (enabled && shown) stream.write('\r\x1b[K');
    },
  };
}
