// What a sweep is asked to do, and what it is given to do it with.
import type { AdminApi } from "../openai/admin-api.js";
import type { ProjectFilter } from "./filter-projects.js";
import type { SweepResult } from "./result.js";
import type { CertificateRef, ExpiryPolicy } from "./select.js";
import type { TimeBudget } from "./time-budget.js";

/** What a run may change (the configuration's `enforcement` slice). */
export interface Enforcement {
  dryRun: boolean;
  /**
   * The safety cap: a sweep that finds more to deactivate than this deactivates nothing. A second
   * attempt after a rotated key is given what the first left of the run's cap.
   */
  maxDeactivationsPerRun: number;
  /** Deactivate certificates active at the organization level too (else they are only reported). */
  deactivateOrganization: boolean;
  /** Hold back a still-valid certificate that is the last valid one where it is active. */
  protectLastValid: boolean;
  /** Activate a due certificate's replacement in its project before deactivating it. */
  activateReplacements: boolean;
}

export interface SweepOptions {
  policy: ExpiryPolicy;
  enforcement: Enforcement;
  concurrency: number;
  filter: ProjectFilter;
  /** The instant expiry is evaluated at (epoch ms). */
  evaluatedAt: number;
  budget: TimeBudget;
  /**
   * Whether to scan the projects although nothing is in the deactivation window, e.g. because a
   * certificate crosses a warning tier in this run and the report must say where it is active.
   */
  scanAnyway?: (organizationCertificates: readonly CertificateRef[]) => boolean;
  /**
   * Asked once the scan is complete, before anything is deactivated, with the result so far (its
   * plan); nothing is deactivated unless it resolves true. Without it, deactivation starts as soon
   * as the cap can no longer trip.
   */
  confirm?: (plan: SweepResult) => Promise<boolean>;
  /** Hears of the scan's progress as each project is done with. */
  onProgress?: (progress: SweepProgress) => void;
}

/** How far a scan has come. */
export interface SweepProgress {
  /** Projects listed so far that are to be scanned (not skipped), and whether that is all. */
  listed: number;
  listingComplete: boolean;
  /** Projects done with (scanned or not), and certificates found to deactivate in them. */
  done: number;
  found: number;
}

export interface SweepDeps {
  api: AdminApi;
  now: () => number;
  /** Turns any error into a report-safe sentence. */
  describeError: (error: unknown) => string;
  /** True for errors after which no other call can succeed (a wrong or revoked key). */
  isFatal: (error: unknown) => boolean;
}
