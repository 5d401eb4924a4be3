import type { Context } from './context.js';

export interface Progress {
  update(label: string, done: number, total: number): void;
  stop(): void;
}

/** Below this many items a bar would only flicker. */
const MIN_TOTAL = 5_000;

/** A progress bar on stderr, only on a terminal and without -q (README, "Commands"). */
export async function progressBar(ctx: Context): Promise<Progress> {
  if (!ctx.showProgress) return { update: () => ctx.reached('progress'), stop() {} };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    // showProgress: stderr is a terminal, so Node's own stream (cli/main.ts).
    { stream: ctx.io.stderr as NodeJS.WriteStream, format: '{label} [{bar}] {percentage}% {value}/{total}', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  let running = false;
  let current = '';
  return {
    update(label, done, total) {
      ctx.reached('progress');
      if (total < MIN_TOTAL) return;
      if (!running || label !== current) {
        if (running) bar.stop();
        bar.start(total, done, { label });
        [running, current] = [true, label];
      } else bar.update(done, { label });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
