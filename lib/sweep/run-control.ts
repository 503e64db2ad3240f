import type { TimeBudget } from "./time-budget.js";

/** Why the sweep stopped starting work. */
export type StopReason = "time_budget" | "run_aborted";

export const STOP_REASON_TEXT: Record<StopReason, string> = {
  time_budget: "the run's time budget ran out",
  run_aborted: "the run stopped after the Admin API rejected the key",
};

/** Decides, as the sweep goes, whether new work may still start. */
export interface RunControl {
  /** Why no new project scan may start now, or undefined to go on. */
  stopScanning(): StopReason | undefined;
  /**
   * Why no new deactivate call may start now. Projects already scanned may still act until the
   * budget's abort point: the reserve between the two exists for them.
   */
  stopActing(): StopReason | undefined;
  /** Records an error; a fatal one aborts the run. */
  noteError(error: unknown): void;
  /** The error that aborted the run, if any. */
  fatalError(): { error: unknown } | undefined;
}

/** A RunControl for one run's time budget. */
export function createRunControl(
  budget: TimeBudget,
  now: () => number,
  isFatal: (error: unknown) => boolean,
): RunControl {
  let fatal: { error: unknown } | undefined;
  const stopAt = (at: number): StopReason | undefined =>
    fatal ? "run_aborted" : now() >= at ? "time_budget" : undefined;
  return {
    stopScanning: () => stopAt(budget.stopStartingAt),
    stopActing: () => stopAt(budget.abortAt),
    noteError(error) {
      if (!fatal && isFatal(error)) fatal = { error };
    },
    fatalError: () => fatal,
  };
}
