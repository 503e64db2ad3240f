const SECONDS_PER_DAY = 86_400;

/** The expiry windows, in days from the instant of evaluation. */
export interface ExpiryPolicy {
  deactivateWithinDays: number;
  warnWithinDays: number;
}

/** What the sweep does with one certificate that is active in a project. */
export type Verdict =
  | { action: "deactivate" }
  | { action: "warn"; daysLeft: number }
  | { action: "unknown_expiry" }
  | { action: "none" };

/** Whole days from `nowSeconds` until `expiresAt`, rounded down (negative once expired). */
export function daysLeft(expiresAt: number, nowSeconds: number): number {
  return Math.floor((expiresAt - nowSeconds) / SECONDS_PER_DAY);
}

/**
 * Classifies an active certificate at instant `nowSeconds` (Unix seconds, like `expires_at`).
 * Deactivate when it expires at or before now + deactivateWithinDays; warn when within
 * warnWithinDays; a certificate without a usable expiry is never deactivated.
 */
export function classify(
  expiresAt: number | undefined,
  nowSeconds: number,
  policy: ExpiryPolicy,
): Verdict {
  if (expiresAt === undefined) return { action: "unknown_expiry" };
  if (expiresAt <= nowSeconds + policy.deactivateWithinDays * SECONDS_PER_DAY)
    return { action: "deactivate" };
  if (expiresAt <= nowSeconds + policy.warnWithinDays * SECONDS_PER_DAY) {
    return { action: "warn", daysLeft: daysLeft(expiresAt, nowSeconds) };
  }
  return { action: "none" };
}

/** The certificate facts a report needs. */
export interface CertificateRef {
  id: string;
  name: string | null;
  expires_at: number | undefined;
  /** When it was uploaded (Unix seconds), if the API said: when its warning tiers start counting. */
  created_at?: number | undefined;
  /** When its validity starts (Unix seconds), if the API said: before it, it is not valid yet. */
  valid_at?: number | undefined;
  /** "certificate" when the dates are the certificate's own (its PEM), not the listing's. */
  datesFrom?: "certificate";
  /** Why the expiry is unknown, when its PEM was read for it and gave none. */
  unknownReason?: string;
  /** The certificate that takes over from this one where it is due (replacements.ts). */
  replacement?: CertificateRef;
}

export interface CertificateWithFlag extends CertificateRef {
  active: boolean;
}

/** The report-relevant facts of a certificate as the API lists it. */
export function toRef(c: {
  id: string;
  name: string | null;
  created_at?: number | undefined;
  certificate_details: { valid_at?: number | undefined; expires_at?: number | undefined };
}): CertificateRef {
  const { valid_at } = c.certificate_details;
  return {
    id: c.id,
    name: c.name,
    expires_at: c.certificate_details.expires_at,
    ...(c.created_at === undefined ? {} : { created_at: c.created_at }),
    ...(valid_at === undefined ? {} : { valid_at }),
  };
}

/**
 * True while a certificate can be accepted at `nowSeconds`: its validity has started and it has
 * not expired. A bound the API did not give does not count against it (an unknown expiry is never
 * treated as expired), but a `valid_at` in the future means not valid yet: such a certificate
 * cannot stand in for one that is taken away.
 */
export const isValidAt = (c: CertificateRef, nowSeconds: number): boolean =>
  (c.valid_at === undefined || c.valid_at <= nowSeconds) &&
  (c.expires_at === undefined || c.expires_at > nowSeconds);

/** A certificate expiring inside the warning window. */
export type Warning = CertificateRef & { days_left: number };

export interface ProjectPlan {
  deactivate: CertificateRef[];
  warnings: Warning[];
  unknownExpiry: CertificateRef[];
  /**
   * Active certificates valid now and outside the deactivation window: the run never touches
   * them, so they stay valid whatever it does. The report adds those in the window that stay active.
   */
  validKept: number;
}

/**
 * Sorts a project's certificates into the work for that project. Only certificates the project's
 * own listing marks active are considered; a repeated id (e.g. across pages) counts once.
 */
export function planProject(
  certificates: readonly CertificateWithFlag[],
  nowSeconds: number,
  policy: ExpiryPolicy,
): ProjectPlan {
  const plan: ProjectPlan = { deactivate: [], warnings: [], unknownExpiry: [], validKept: 0 };
  const seen = new Set<string>();
  for (const { active, ...cert } of certificates) {
    if (!active || seen.has(cert.id)) continue;
    seen.add(cert.id);
    const verdict = classify(cert.expires_at, nowSeconds, policy);
    if (verdict.action === "deactivate") plan.deactivate.push(cert);
    else if (verdict.action === "warn")
      plan.warnings.push({ ...cert, days_left: verdict.daysLeft });
    else if (verdict.action === "unknown_expiry") plan.unknownExpiry.push(cert);
    if (verdict.action !== "deactivate" && isValidAt(cert, nowSeconds)) plan.validKept += 1;
  }
  return plan;
}

/** How many certificates (active anywhere or not) are inside the deactivation window. */
export function countInDeactivationWindow(
  certificates: readonly CertificateRef[],
  nowSeconds: number,
  policy: ExpiryPolicy,
): number {
  return certificates.filter(
    (c) => classify(c.expires_at, nowSeconds, policy).action === "deactivate",
  ).length;
}
