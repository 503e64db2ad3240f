import { type AdminApi, PAGE_SIZE } from "../openai/admin-api.js";
import { collect } from "../openai/paginate.js";
import type { OrganizationCertificate } from "../openai/schemas.js";
import { requestIdOrNull } from "../request-id.js";
import { createCapGate } from "./cap-gate.js";
import { deactivateInChunks, deactivatePlanned, leaveActive } from "./deactivate.js";
import { type ProjectFilter, type ProjectSelection, projectSelection } from "./filter-projects.js";
import { summarizeOrganization } from "./organization.js";
import { createChannel, readAhead } from "./read-ahead.js";
import {
  emptyResult,
  type ProjectOutcome,
  type RunErrorStage,
  type SweepResult,
} from "./result.js";
import { createRunControl, type RunControl, STOP_REASON_TEXT } from "./run-control.js";
import { type ListedProject, scanProjects } from "./scan.js";
import {
  type CertificateRef,
  countInDeactivationWindow,
  type ExpiryPolicy,
  isValidAt,
  toRef,
} from "./select.js";
import type { TimeBudget } from "./time-budget.js";

/** What a run may change (the configuration's `enforcement` slice). */
export interface Enforcement {
  dryRun: boolean;
  /** The safety cap: a run that finds more to deactivate than this deactivates nothing. */
  maxDeactivationsPerRun: number;
  /** Deactivate certificates active at the organization level too (else they are only reported). */
  deactivateOrganization: boolean;
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

/** Discover → plan → act. Failures become data in the result; only programming errors throw. */
export async function runSweep(options: SweepOptions, deps: SweepDeps): Promise<SweepResult> {
  const nowSeconds = Math.floor(options.evaluatedAt / 1000);
  const result = emptyResult(options.evaluatedAt);
  const fail = (stage: RunErrorStage, error: unknown, context?: string) => {
    const where = deps.isFatal(error) ? "authentication" : stage;
    const text = deps.describeError(error);
    result.runErrors.push({
      stage: where,
      error: context ? `${text} (${context})` : text,
      requestId: requestIdOrNull(error),
    });
  };

  let orgCertificates: OrganizationCertificate[];
  try {
    orgCertificates = await collect(deps.api.listOrganizationCertificates());
  } catch (error) {
    fail("list organization certificates", error);
    return result;
  }
  const orgRefs = orgCertificates.map(toRef);
  result.organization = summarizeOrganization(orgCertificates, nowSeconds, {
    policy: options.policy,
    deactivateOrganization: options.enforcement.deactivateOrganization,
  });
  const orgDue = result.organization.due;
  const orgToDeactivate = orgDue.planned.length;
  // An organization holds at most 50 certificates, so this one listing tells whether any project
  // can have work at all. (An expired certificate keeps this true until it is deleted.)
  const due = countInDeactivationWindow(orgRefs, nowSeconds, options.policy);
  if (due === 0 && !options.scanAnyway?.(orgRefs)) {
    result.projectScan = "skipped_nothing_due";
    return result;
  }

  const control = createRunControl(options.budget, deps.now, deps.isFatal);
  const common = { ...deps, control };
  const selection = projectSelection(options.filter);
  // The organization-level deactivations count against the same cap.
  const gate = createCapGate(options.enforcement.maxDeactivationsPerRun - orgToDeactivate, due);
  // With a confirmation to ask, nothing is deactivated before the whole plan has been seen.
  const actAsFound = !options.enforcement.dryRun && !options.confirm;
  // Projects with work wait here until the cap can no longer trip, then go to the deactivation
  // workers, which run alongside the scan from then on.
  const waiting: ProjectOutcome[] = [];
  const toDeactivate = createChannel<ProjectOutcome>();
  const releaseAll = () => {
    for (const p of waiting.splice(0)) toDeactivate.push(p);
  };
  const release = () => {
    if (actAsFound && gate.open()) releaseAll();
  };
  const deactivating = options.enforcement.dryRun
    ? Promise.resolve()
    : deactivatePlanned(toDeactivate, options.concurrency, common);
  // Awaited below; marked handled now so that an early failure cannot crash the process meanwhile.
  deactivating.catch(() => {});

  let listingComplete = false;
  let done = 0;
  let selectedSoFar = 0;
  try {
    // Listed ahead of the scans, page after page, so that scans start with the first page and
    // never wait for the next one; at most two pages wait in memory.
    const listed = readAhead(
      selectedProjects(deps.api, selection, control, {
        onListed: (count, selected) => {
          selectedSoFar = selected;
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
        done += 1;
        options.onProgress?.({
          listed: selectedSoFar,
          listingComplete,
          done,
          found: gate.found + orgToDeactivate,
        });
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

    result.capTripped = gate.found + orgToDeactivate > options.enforcement.maxDeactivationsPerRun;
    // After a rejected key nothing more can be done: no question about a plan that cannot run.
    let act = !options.enforcement.dryRun && !result.capTripped && !control.fatalError();
    const planned = waiting.length > 0 || orgToDeactivate > 0;
    if (act && options.confirm && planned) {
      act = await options.confirm(result);
      result.declined = !act;
    }
    if (act) {
      releaseAll();
      await deactivateInChunks(
        orgDue,
        (ids) => deps.api.deactivateOrganizationCertificates(ids),
        common,
      );
    }
  } finally {
    // Whatever happened, the deactivations already started finish and are in the result.
    toDeactivate.close();
    await deactivating;
  }
  // A real run that did not act on what it found says why for every due certificate left active:
  // only a dry run or a plan put to the operator keeps "planned".
  if (!options.enforcement.dryRun && !result.declined) {
    // The numbers are the headline's (the whole run's); an attempt after a rotated key sees only
    // its own share of them.
    const [reason, why] =
      control.fatalError() !== undefined
        ? (["run_aborted", STOP_REASON_TEXT.run_aborted] as const)
        : ([
            "safety_cap",
            "the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN",
          ] as const);
    for (const target of [...waiting, orgDue]) leaveActive(target, reason, why);
  }
  result.organization.validLeft -= orgDue.deactivated.filter((c) =>
    isValidAt(c, nowSeconds),
  ).length;
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
  events: {
    onListed: (count: number, selected: number) => void;
    onComplete: (selected: number) => void;
  },
): AsyncGenerator<ListedProject> {
  let count = 0;
  let selected = 0;
  try {
    for await (const project of api.listProjects()) {
      count += 1;
      const admitted = selection.admit(project);
      if (admitted) selected += 1;
      events.onListed(count, selected);
      if (admitted) yield { project, index: count };
      if (control.fatalError()) return;
    }
  } catch (error) {
    control.noteError(error); // a rejected key stops the scans of projects already listed
    throw error;
  }
  events.onComplete(selected);
}
