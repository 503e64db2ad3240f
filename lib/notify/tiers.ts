/** Seconds in a UTC day: tiers are days before expiry, and UTC days have no DST shifts. */
const DAY_SECONDS = 86_400;

// 1970-01-01, day 0 of Unix time, was a Thursday.
const EPOCH_WEEKDAY = 4;

function assertPeriod(periodSeconds: number): void {
  // `!(p > 0)` also rejects NaN, which would silently make every run's interval empty.
  if (!(periodSeconds > 0)) {
    throw new RangeError(
      `schedule period must be a positive number of seconds, got ${periodSeconds}`,
    );
  }
}

/**
 * The warning tier (days before expiry) the run at slot `at` announces for a certificate, or null.
 * Stateless: each tier crossing falls in exactly one run's interval `(at − P, at]`, so a daily run
 * warns once per tier instead of every day.
 */
export function announcedTier(
  cert: { expires_at?: number | undefined; created_at?: number | undefined },
  at: number,
  periodSeconds: number,
  tiersDays: readonly number[],
): number | null {
  assertPeriod(periodSeconds);
  const expiresAt = cert.expires_at;
  // An expired certificate is deactivated, not warned about.
  if (expiresAt === undefined || expiresAt <= at) return null;
  // A certificate uploaded already inside a tier crosses it at upload; otherwise it would never be
  // announced, as its unclamped crossing lies before any run that could see it.
  const uploadedAt = cert.created_at ?? Number.NEGATIVE_INFINITY;
  let announced: number | null = null;
  for (const tier of tiersDays) {
    const crossing = Math.max(expiresAt - tier * DAY_SECONDS, uploadedAt);
    // Half-open so that runs at consecutive multiples of P tile time without overlap or gap.
    const ownedByThisRun = crossing > at - periodSeconds && crossing <= at;
    // Several tiers share a run only via the upload clamp or tiers closer than P: the most urgent wins.
    if (ownedByThisRun && (announced === null || tier < announced)) announced = tier;
  }
  return announced;
}

/**
 * Whether the run at slot `at` sends the weekly digest: its interval `(at − P, at]` contains the
 * UTC midnight starting `weekday` (0 = Sunday … 6 = Saturday); undefined means no digest.
 */
export function isDigestRun(
  at: number,
  periodSeconds: number,
  weekday: number | undefined,
): boolean {
  assertPeriod(periodSeconds);
  if (weekday === undefined) return false;
  const day = Math.floor(at / DAY_SECONDS);
  // Only the latest such midnight at or before `at` matters: earlier ones are further outside.
  const daysBack = (((day + EPOCH_WEEKDAY - weekday) % 7) + 7) % 7;
  return (day - daysBack) * DAY_SECONDS > at - periodSeconds;
}

/**
 * The run's slot in Unix seconds: the scheduler's `scheduledAt` when known, else the start rounded
 * down to the minute.
 */
export function slotTime(scheduledAt: number | undefined, startedAtMs: number): number {
  // A retried delivery keeps its scheduled time, so it recomputes the same announcements. Without
  // it, schedulers fire on minute boundaries, so flooring absorbs seconds of invocation jitter.
  return scheduledAt ?? Math.floor(startedAtMs / 60_000) * 60;
}
