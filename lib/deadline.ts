// Deadlines as abort signals, for every layer that stops work at an instant (the Admin API
// runner, the key read, the last words of a run).

/** A signal that aborts at the instant `atMs` (epoch ms, as seen by `nowMs`): at once if past. */
export function signalAt(atMs: number, nowMs: number): AbortSignal {
  // Whole milliseconds: AbortSignal.timeout rejects fractions.
  return AbortSignal.timeout(Math.max(0, Math.floor(atMs - nowMs)));
}
