/** Why the sweep stopped starting work. */
export type StopReason = "time_budget" | "run_aborted";

export const STOP_REASON_TEXT: Record<StopReason, string> = {
  time_budget: "the Lambda's remaining time ran short",
  run_aborted: "the run stopped after the Admin API rejected the key",
};

/** Decides, as the sweep goes, whether new work may still start. */
export interface RunControl {
  /** Why no new project may start now, or undefined to go on. */
  stopStarting(): StopReason | undefined;
  /** "run_aborted" once a fatal error was noted. */
  aborted(): StopReason | undefined;
  /** Records an error; a fatal one aborts the run. */
  noteError(error: unknown): void;
  /** The error that aborted the run, if any. */
  fatalError(): { error: unknown } | undefined;
}

/** A RunControl for a run that must stop starting work at `stopStartingAt` (epoch ms). */
export function createRunControl(
  stopStartingAt: number,
  now: () => number,
  isFatal: (error: unknown) => boolean,
): RunControl {
  let fatal: { error: unknown } | undefined;
  const aborted = () => (fatal ? ("run_aborted" as const) : undefined);
  return {
    stopStarting: () => aborted() ?? (now() >= stopStartingAt ? "time_budget" : undefined),
    aborted,
    noteError(error) {
      if (!fatal && isFatal(error)) fatal = { error };
    },
    fatalError: () => fatal,
  };
}
