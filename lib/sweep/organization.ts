import { guardLastValid, surelyValidKept } from "./guard.js";
import type { OrganizationDue, SweepResult } from "./result.js";
import {
  type CertificateRef,
  type CertificateWithFlag,
  classify,
  type ExpiryPolicy,
  isValidAt,
  type Warning,
} from "./select.js";

/** What the organization listing alone tells: warnings, and certificates active at its level. */
export function summarizeOrganization(
  certificates: readonly CertificateWithFlag[],
  nowSeconds: number,
  options: { policy: ExpiryPolicy; deactivateOrganization: boolean; protectLastValid: boolean },
): SweepResult["organization"] {
  const expiringSoon: Warning[] = [];
  const activeExpiringSoon: Warning[] = [];
  const unknownExpiry: CertificateRef[] = [];
  const due: OrganizationDue = {
    deactivated: [],
    planned: [],
    failures: [],
    leftActive: [],
    heldBack: [],
  };
  // Valid and outside the deactivation window: what this run leaves active whatever it does.
  let validKept = 0;
  // A repeated id (e.g. across pages) counts once, as in a project's listing.
  const distinct = [...new Map(certificates.map((c) => [c.id, c])).values()];
  for (const { active, ...ref } of distinct) {
    const verdict = classify(ref.expires_at, nowSeconds, options.policy);
    if (verdict.action === "warn") expiringSoon.push({ ...ref, days_left: verdict.daysLeft });
    if (verdict.action === "unknown_expiry") unknownExpiry.push(ref);
    if (!active) continue;
    if (verdict.action === "warn") activeExpiringSoon.push({ ...ref, days_left: verdict.daysLeft });
    if (verdict.action === "deactivate") {
      (options.deactivateOrganization ? due.planned : due.leftActive).push(ref);
    } else if (isValidAt(ref, nowSeconds)) validKept += 1;
  }
  const unknownActive = unknownExpiry.filter((c) =>
    distinct.some((a) => a.id === c.id && a.active),
  );
  const sure = surelyValidKept({ validKept, unknownExpiry: unknownActive }, nowSeconds);
  if (options.protectLastValid) {
    const guarded = guardLastValid(due.planned, sure, nowSeconds);
    due.planned = guarded.deactivate;
    due.heldBack = guarded.heldBack;
  }
  return {
    certificates: distinct.length,
    expiringSoon,
    activeExpiringSoon,
    unknownExpiry,
    due,
    validKept,
    // For every project's guard: only what this level keeps outside the deactivation window. A due
    // one it leaves active may expire before a project's own, so it is not counted.
    validForProjects: sure,
    dateDisagreements: [],
  };
}
