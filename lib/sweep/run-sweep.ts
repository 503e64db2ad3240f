import pLimit from "p-limit";
import type { AdminApi } from "../openai/admin-api.js";
import { collect } from "../openai/paginate.js";
import type { OrganizationCertificate } from "../openai/schemas.js";
import { deactivatePlanned } from "./deactivate.js";
import { type FilteredProjects, filterProjects, type ProjectFilter } from "./filter-projects.js";
import { emptyResult, type RunErrorStage, type SweepResult } from "./result.js";
import { createRunControl } from "./run-control.js";
import { scanProjects } from "./scan.js";
import {
  anyInDeactivationWindow,
  type CertificateRef,
  classify,
  type ExpiryPolicy,
  toRef,
  type Warning,
} from "./select.js";
import type { TimeBudget } from "./time-budget.js";

export interface SweepOptions {
  policy: ExpiryPolicy;
  dryRun: boolean;
  maxDeactivations: number;
  concurrency: number;
  filter: ProjectFilter;
  /** The instant expiry is evaluated at (epoch ms). */
  evaluatedAt: number;
  budget: TimeBudget;
}

export interface SweepDeps {
  api: AdminApi;
  now: () => number;
  /** Turns any error into a report-safe sentence. */
  describeError: (error: unknown) => string;
  /** True for errors after which no other call can succeed (a wrong or revoked key). */
  isFatal: (error: unknown) => boolean;
}

/** Discover → plan → act. Failures become data in the result; only programming errors throw. */
export async function runSweep(options: SweepOptions, deps: SweepDeps): Promise<SweepResult> {
  const nowSeconds = Math.floor(options.evaluatedAt / 1000);
  const result = emptyResult(options.evaluatedAt);
  const fail = (stage: RunErrorStage, error: unknown) => {
    const where = deps.isFatal(error) ? "authentication" : stage;
    result.runErrors.push({ stage: where, error: deps.describeError(error) });
  };

  let orgCertificates: OrganizationCertificate[];
  try {
    orgCertificates = await collect(deps.api.listOrganizationCertificates());
  } catch (error) {
    fail("list organization certificates", error);
    return result;
  }
  const orgRefs = orgCertificates.map(toRef);
  result.organization = summarizeOrganization(orgRefs, nowSeconds, options.policy);
  // An organization holds at most 50 certificates, so this one listing tells whether any project
  // can have work at all. (An expired certificate keeps this true until it is deleted.)
  if (!anyInDeactivationWindow(orgRefs, nowSeconds, options.policy)) {
    result.projectScan = "skipped_nothing_due";
    return result;
  }

  let projects: FilteredProjects;
  try {
    const listed = await collect(deps.api.listProjects());
    result.projectsListed = listed.length;
    projects = filterProjects(listed, options.filter);
  } catch (error) {
    fail("list projects", error);
    return result;
  }
  result.projectScan = "done";
  result.skipped = projects.skipped;
  result.missingIncluded = projects.missing;

  const control = createRunControl(options.budget, deps.now, deps.isFatal);
  const limit = pLimit(options.concurrency);
  const common = { ...deps, control, limit };
  const scanned = await scanProjects(projects.selected, nowSeconds, options.policy, common);
  result.projects = scanned.outcomes;
  result.notScanned = scanned.notScanned;
  const planned = result.projects.reduce((n, p) => n + p.planned.length, 0);
  result.capTripped = planned > options.maxDeactivations;
  if (!options.dryRun && !result.capTripped) await deactivatePlanned(result.projects, common);
  const fatal = control.fatalError();
  if (fatal) fail("authentication", fatal.error);
  return result;
}

function summarizeOrganization(
  certificates: readonly CertificateRef[],
  nowSeconds: number,
  policy: ExpiryPolicy,
): SweepResult["organization"] {
  const expiringSoon: Warning[] = [];
  const unknownExpiry: CertificateRef[] = [];
  for (const ref of certificates) {
    const verdict = classify(ref.expires_at, nowSeconds, policy);
    if (verdict.action === "warn") expiringSoon.push({ ...ref, days_left: verdict.daysLeft });
    if (verdict.action === "unknown_expiry") unknownExpiry.push(ref);
  }
  return { certificates: certificates.length, expiringSoon, unknownExpiry };
}
