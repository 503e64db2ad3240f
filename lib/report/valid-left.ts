import type { Failure } from "../sweep/result.js";
import { type CertificateRef, isValidAt } from "../sweep/select.js";

/** What a project, or the organization level, holds once the sweep is done with it. */
export interface Holding {
  /** Active, valid now and outside the deactivation window: the run never touches these. */
  validKept: number;
  /** In the deactivation window, to be deactivated but not yet. */
  planned: readonly CertificateRef[];
  failures: readonly Failure[];
  /** In the window, and left active on purpose (organization level, deactivation off there). */
  leftActive?: readonly CertificateRef[];
  /** Held back as the last valid one (PROTECT_LAST_VALID_CERTIFICATE). */
  heldBack: readonly CertificateRef[];
  /** Replacements activated, and to be activated (ACTIVATE_REPLACEMENTS). */
  activated?: readonly CertificateRef[];
  activate?: readonly CertificateRef[];
}

/**
 * The valid certificates still active once the run is done, the one meaning "valid left" has:
 * those the run never touches, plus those in the deactivation window that stay active and have
 * not expired yet (left active on purpose, held by a failed call, or planned and not carried
 * out). With `applied`, a plan counts as carried out: a dry run reports what applying would leave.
 */
export function validLeft(holding: Holding, nowSeconds: number, applied: boolean): number {
  const stayActive = [
    ...(holding.leftActive ?? []),
    ...holding.heldBack,
    ...(holding.activated ?? []),
    ...(applied ? (holding.activate ?? []) : []),
    ...holding.failures.flatMap((f) => (f.stage === "deactivate" ? f.certificates : [])),
    ...(applied ? [] : holding.planned),
  ];
  return holding.validKept + stayActive.filter((c) => isValidAt(c, nowSeconds)).length;
}
