import type { DateDisagreement } from "./certificate-dates.js";
import type { SkipReason } from "./filter-projects.js";
import type { HeldBack } from "./guard.js";
import type { StopReason } from "./run-control.js";
import type { CertificateRef, Warning } from "./select.js";

/**
 * Why a failure left certificates active: the call failed (`error`), the API answered without
 * confirming them inactive (`unconfirmed`), or the call was never made because the run stopped
 * first (`time_budget`, `run_aborted`) or the safety cap tripped (`safety_cap`).
 */
export type FailureReason = "error" | "unconfirmed" | StopReason | "safety_cap";

export interface Failure {
  stage: "list" | "activate" | "deactivate";
  reason: FailureReason;
  error: string;
  /** The Admin API's `x-request-id` of the failed call, when its response had one. */
  requestId: string | null;
  /** The certificates this failure left active (empty when listing failed). */
  certificates: CertificateRef[];
}

/**
 * A certificate the API confirmed inactive, with the request id of the call that did it (absent
 * or null when the answer named none).
 */
export type Deactivated = CertificateRef & { requestId?: string | null };

/** What happened in one scanned project. */
export interface ProjectOutcome {
  id: string;
  name: string | null;
  deactivated: Deactivated[];
  /**
   * In the deactivation window and not deactivated because nothing was to be: a dry run, or a plan
   * awaiting (or refused) confirmation. A certificate a real run meant to deactivate and did not
   * is a failure, with the reason.
   */
  planned: CertificateRef[];
  failures: Failure[];
  warnings: Warning[];
  unknownExpiry: CertificateRef[];
  /** Due but still valid, and the last valid certificate there: not deactivated (guard.ts). */
  heldBack: HeldBack[];
  /** Replacements to activate before the due certificates they take over from are deactivated. */
  activate: CertificateRef[];
  /** Replacements the API confirmed active. */
  activated: Deactivated[];
  /** Active certificates valid now and outside the deactivation window (see ProjectPlan). */
  validKept: number;
}

/** Certificates active at the organization level and in the deactivation window. */
export interface OrganizationDue {
  deactivated: Deactivated[];
  /** To be deactivated, but not: a dry run, or the run was not confirmed (see ProjectOutcome). */
  planned: CertificateRef[];
  failures: Failure[];
  /** Left active because DEACTIVATE_ORGANIZATION_CERTIFICATES is off. */
  leftActive: CertificateRef[];
  /** Due but still valid, and the last valid certificate at the organization level (guard.ts). */
  heldBack: HeldBack[];
}

/** Where a run-level failure happened; "authentication" for a rejected key wherever it was seen. */
export type RunErrorStage =
  | "read admin key"
  | "authentication"
  | "list organization certificates"
  | "read certificates"
  | "list projects"
  | "internal";

/** A failure of the run as a whole, with the request id of the failed call when its answer had one. */
interface RunError {
  stage: RunErrorStage;
  error: string;
  requestId: string | null;
}

/** Everything one sweep found and did, before it is turned into a report. */
export interface SweepResult {
  /** The instant expiry was evaluated at (epoch ms). */
  evaluatedAt: number;
  organization: {
    certificates: number;
    expiringSoon: Warning[];
    /** Those of expiringSoon active at the organization level: warned about like a project's. */
    activeExpiringSoon: Warning[];
    unknownExpiry: CertificateRef[];
    due: OrganizationDue;
    /** Active at the organization level, valid now and outside the deactivation window. */
    validKept: number;
    /** Valid certificates of known expiry this level keeps whatever the run does (the guard's count). */
    validForProjects: number;
    /** Listings whose dates differ from the certificate's own (whose dates were used). */
    dateDisagreements: DateDisagreement[];
  };
  /** "skipped_nothing_due" when the organization listing showed nothing in the deactivation window. */
  projectScan: "done" | "skipped_nothing_due" | "not_reached";
  projectsListed: number;
  /** Projects whose certificates were listed (or failed to be), eventful or not. */
  projectsScanned: number;
  /** The scanned projects with something to report (see isEventful). */
  projects: ProjectOutcome[];
  skipped: { id: string; name: string | null; reason: SkipReason }[];
  /** Ids in INCLUDE_PROJECTS that the project list did not contain. */
  missingIncluded: string[];
  notScanned: { id: string; name: string | null; reason: StopReason }[];
  /** Failures that stopped the run as a whole. */
  runErrors: RunError[];
  capTripped: boolean;
  /** The operator was asked to confirm the deactivations and said no: nothing was deactivated. */
  declined: boolean;
}

/** A result with nothing found and nothing done, e.g. when the key could not be read. */
export function emptyResult(evaluatedAt: number): SweepResult {
  return {
    evaluatedAt,
    organization: {
      certificates: 0,
      expiringSoon: [],
      activeExpiringSoon: [],
      unknownExpiry: [],
      due: { deactivated: [], planned: [], failures: [], leftActive: [], heldBack: [] },
      validKept: 0,
      validForProjects: 0,
      dateDisagreements: [],
    },
    projectScan: "not_reached",
    projectsListed: 0,
    projectsScanned: 0,
    projects: [],
    skipped: [],
    missingIncluded: [],
    notScanned: [],
    runErrors: [],
    capTripped: false,
    declined: false,
  };
}
