import type { SweepProgress } from "../sweep/options.js";

/** The progress line: projects done of those known so far ("+" while the list is still coming). */
export function progressLine(p: SweepProgress): string {
  const total = `${p.listed}${p.listingComplete ? "" : "+"}`;
  const found = `${p.found} certificate${p.found === 1 ? "" : "s"} to deactivate`;
  return `Scanning projects: ${p.done} of ${total}, ${found}`;
}

/**
 * A progress line on a terminal, redrawn in place at most every `intervalMs`, and only once the
 * scan has taken longer than `afterMs`: a short scan shows nothing.
 */
export function terminalProgress(
  write: (text: string) => void,
  now: () => number,
  { afterMs = 1_000, intervalMs = 100 } = {},
): { update(progress: SweepProgress): void; clear(): void } {
  const started = now();
  let drawnAt: number | undefined;
  return {
    update(progress) {
      const t = now();
      if (t - started < afterMs || (drawnAt !== undefined && t - drawnAt < intervalMs)) return;
      drawnAt = t;
      write(`\r\x1b[2K${progressLine(progress)}`);
    },
    clear() {
      if (drawnAt !== undefined) write("\r\x1b[2K");
      drawnAt = undefined;
    },
  };
}
