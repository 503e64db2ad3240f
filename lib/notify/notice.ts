import { type CertificateRef, classify, type ExpiryPolicy } from "../sweep/select.js";
import { announcedTier, isDigestRun } from "./tiers.js";

/** The settings that decide what a run announces (docs/notifications.md). */
export interface NoticeSettings {
  /** Days before expiry at which a certificate is announced, largest first. */
  tiersDays: readonly number[];
  /** Hours between scheduled runs. */
  periodHours: number;
  /** 0 (Sunday) to 6 (Saturday), UTC; undefined for no digest. */
  digestWeekday: number | undefined;
}

/** What one run announces: worked out from its slot alone, without stored state. */
export interface Notice {
  /** The run's slot (Unix seconds). */
  at: number;
  /** True when this run is the weekly digest, which lists every warning. */
  digest: boolean;
  /** The tier this run announces for a certificate, or null when it crosses none now. */
  tierOf(certificate: Pick<CertificateRef, "expires_at" | "created_at">): number | null;
}

/** The notice of the run at slot `at` (Unix seconds). */
export function noticeAt(settings: NoticeSettings, at: number): Notice {
  const periodSeconds = Math.round(settings.periodHours * 3600);
  return {
    at,
    digest: isDigestRun(at, periodSeconds, settings.digestWeekday),
    tierOf: (c) => announcedTier(c, at, periodSeconds, settings.tiersDays),
  };
}

/**
 * True when a run with nothing to deactivate must still scan the projects, to say where the
 * certificates it announces are active: one crosses a tier now, or this is the digest and some
 * certificate is in the warning window.
 */
export function mustScanForNotice(
  notice: Notice,
  certificates: readonly CertificateRef[],
  nowSeconds: number,
  policy: ExpiryPolicy,
): boolean {
  return certificates.some(
    (c) =>
      classify(c.expires_at, nowSeconds, policy).action === "warn" &&
      (notice.digest || notice.tierOf(c) !== null),
  );
}
