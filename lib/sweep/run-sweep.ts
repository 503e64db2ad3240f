import { type AdminApi, PAGE_SIZE } from "../openai/admin-api.js";
import { collect } from "../openai/paginate.js";
import type { OrganizationCertificate } from "../openai/schemas.js";
import { createCapGate } from "./cap-gate.js";
import { deactivatePlanned } from "./deactivate.js";
import { type ProjectFilter, type ProjectSelection, projectSelection } from "./filter-projects.js";
import { createChannel, readAhead } from "./read-ahead.js";
import {
  emptyResult,
  type ProjectOutcome,
  type RunErrorStage,
  type SweepResult,
} from "./result.js";
import { createRunControl, type RunControl } from "./run-control.js";
import { type ListedProject, scanProjects } from "./scan.js";
import {
  type CertificateRef,
  classify,
  countInDeactivationWindow,
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
  const fail = (stage: RunErrorStage, error: unknown, context?: string) => {
    const where = deps.isFatal(error) ? "authentication" : stage;
    const text = deps.describeError(error);
    result.runErrors.push({ stage: where, error: context ? `${text} (${context})` : text });
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
  const due = countInDeactivationWindow(orgRefs, nowSeconds, options.policy);
  if (due === 0) {
    result.projectScan = "skipped_nothing_due";
    return result;
  }

  const control = createRunControl(options.budget, deps.now, deps.isFatal);
  const common = { ...deps, control };
  const selection = projectSelection(options.filter);
  const gate = createCapGate(options.maxDeactivations, due);
  // Projects with work wait here until the cap can no longer trip, then go to the deactivation
  // workers, which run alongside the scan from then on.
  const waiting: ProjectOutcome[] = [];
  const toDeactivate = createChannel<ProjectOutcome>();
  const releaseAll = () => {
    for (const p of waiting.splice(0)) toDeactivate.push(p);
  };
  const release = () => {
    if (!options.dryRun && gate.open()) releaseAll();
  };
  const deactivating = options.dryRun
    ? Promise.resolve()
    : deactivatePlanned(toDeactivate, options.concurrency, common);
  // Awaited below; marked handled now so that an early failure cannot crash the process meanwhile.
  deactivating.catch(() => {});

  let listingComplete = false;
  try {
    // Listed ahead of the scans, page after page, so that scans start with the first page and
    // never wait for the next one; at most two pages wait in memory.
    const listed = readAhead(
      selectedProjects(deps.api, selection, control, {
        onListed: (count) => {
          result.projectsListed = count;
          result.projectScan = "done";
        },
        onComplete: (selected) => {
          listingComplete = true;
          result.projectScan = "done";
          gate.listed(selected);
          release();
        },
      }),
      2 * PAGE_SIZE,
    );
    const scan = await scanProjects(
      listed,
      options.concurrency,
      nowSeconds,
      options.policy,
      common,
      (outcome) => {
        gate.settled(outcome?.planned.length ?? 0);
        if (outcome && outcome.planned.length > 0) waiting.push(outcome);
        release();
      },
    );
    result.projects = scan.outcomes;
    result.projectsScanned = scan.scanned;
    result.notScanned = scan.notScanned;
    const { skipped, missing } = selection.outcome();
    result.skipped = skipped;
    // An included id is "not found" only once the whole list has been seen.
    result.missingIncluded = listingComplete ? missing : [];
    const listing = listed.failure();
    if (listing) {
      const listedSome = result.projectsListed > 0;
      const more = `after ${result.projectsListed} projects; projects after these were not listed, so not scanned`;
      fail("list projects", listing.error, listedSome ? more : undefined);
    }

    result.capTripped = gate.found > options.maxDeactivations;
    if (!options.dryRun && !result.capTripped) releaseAll();
  } finally {
    // Whatever happened, the deactivations already started finish and are in the result.
    toDeactivate.close();
    await deactivating;
  }
  const fatal = control.fatalError();
  if (fatal && !result.runErrors.some((e) => e.stage === "authentication")) {
    fail("authentication", fatal.error);
  }
  return result;
}

/**
 * The projects to scan, in list order, as the pages arrive. Stops listing once the key is
 * rejected; after a time-budget stop it goes on, so that every project not scanned is named.
 */
async function* selectedProjects(
  api: AdminApi,
  selection: ProjectSelection,
  control: RunControl,
  events: { onListed: (count: number) => void; onComplete: (selected: number) => void },
): AsyncGenerator<ListedProject> {
  let count = 0;
  let selected = 0;
  try {
    for await (const project of api.listProjects()) {
      events.onListed(++count);
      if (selection.admit(project)) {
        selected += 1;
        yield { project, index: count };
      }
      if (control.fatalError()) return;
    }
  } catch (error) {
    control.noteError(error); // a rejected key stops the scans of projects already listed
    throw error;
  }
  events.onComplete(selected);
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
