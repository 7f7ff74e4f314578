// A progress bar for long CLI work: drawn on stderr only when it is a terminal, so piped output
// stays clean. Shows done/total, percent, rate and time left.

export interface Progress {
  tick(n?: number): void;
  done(): void;
}

const WIDTH = 28;

export function progress(label: string, total: number | null, stream = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI) return { tick() {}, done() {} };
  const start = performance.now();
  let count = 0;
  let lastDraw = 0;
  const draw = (final: boolean) => {
    const secs = (performance.now() - start) / 1000;
    const rate = secs > 0 ? count / secs : 0;
    let bar = "";
    if (total && total > 0) {
      const frac = Math.min(1, count / total);
      const filled = Math.round(frac * WIDTH);
      const eta = rate > 0 ? (total - count) / rate : 0;
      bar = `[${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}] ${(frac * 100).toFixed(0)}% ${count}/${total}`;
      if (!final) bar += ` eta ${eta.toFixed(0)}s`;
    } else {
      bar = `${count}`;
    }
    stream.write(`\r\x1b[2K${label} ${bar} ${rate.toFixed(0)}/s${final ? "\n" : ""}`);
  };
  return {
    tick(n = 1) {
      count += n;
      const now = performance.now();
      if (now - lastDraw > 100) {
        lastDraw = now;
        draw(false);
      }
    },
    done() {
      draw(true);
    },
  };
}
