import type { AdminApi } from "../openai/admin-api.js";
import { collect } from "../openai/paginate.js";
import type { Project } from "../openai/schemas.js";
import { requestIdOrNull } from "../request-id.js";
import type { CertificateDates } from "./certificate-dates.js";
import { guardLastValid, surelyValidKept } from "./guard.js";
import { emptyOutcome, isEventful } from "./outcome.js";
import { replacementsOf, withReplacements } from "./project-replacements.js";
import { forEachConcurrently, type SharedSource } from "./read-ahead.js";
import type { ReplacementFinder } from "./replacements.js";
import type { ProjectOutcome, SweepResult } from "./result.js";
import type { RunControl } from "./run-control.js";
import { type ExpiryPolicy, planProject, toRef } from "./select.js";

export interface ScanDeps {
  api: AdminApi;
  /** The certificates' own dates, where the run read them. */
  dates: CertificateDates;
  /**
   * With PROTECT_LAST_VALID_CERTIFICATE: the valid certificates active at the organization level
   * that the run leaves alone, which keep every project valid. Undefined when the guard is off.
   */
  guard: { validAtOrganization: number } | undefined;
  /**
   * Finds each expiring certificate's replacement (with ACTIVATE_REPLACEMENTS, each due one's, to
   * be activated first). Undefined: no replacements are looked for.
   */
  replacements: { finder: ReplacementFinder; activate: boolean } | undefined;
  control: RunControl;
  describeError: (error: unknown) => string;
}

/** A project as listed, with its position in the list (the report keeps that order). */
export interface ListedProject {
  project: Project;
  index: number;
}

export interface ScanResult {
  /** The scanned projects with something to report, in list order. */
  outcomes: ProjectOutcome[];
  /** How many projects were scanned, eventful or not. */
  scanned: number;
  notScanned: SweepResult["notScanned"];
}

/**
 * Lists each project's certificates and plans its work, `workers` projects at a time, starting as
 * soon as projects arrive from `projects`. Once the control says stop, the rest are recorded as
 * not scanned. `settled` hears of every project, scanned or not, as it is done with. Only
 * eventful outcomes are kept, so memory does not grow with quiet projects.
 */
export async function scanProjects(
  projects: SharedSource<ListedProject>,
  workers: number,
  nowSeconds: number,
  policy: ExpiryPolicy,
  deps: ScanDeps,
  settled: (outcome: ProjectOutcome | undefined) => void = () => {},
): Promise<ScanResult> {
  const outcomes: { index: number; outcome: ProjectOutcome }[] = [];
  const notScanned: { index: number; outcome: SweepResult["notScanned"][number] }[] = [];
  let scanned = 0;
  await forEachConcurrently(projects, workers, async ({ project, index }) => {
    const stop = deps.control.stopScanning();
    if (stop) {
      notScanned.push({ index, outcome: { id: project.id, name: project.name, reason: stop } });
      settled(undefined);
      return;
    }
    const outcome = await scanProject(project, nowSeconds, policy, deps);
    scanned += 1;
    // The same object goes on to be deactivated: kept by reference, never copied.
    if (isEventful(outcome)) outcomes.push({ index, outcome });
    settled(outcome);
  });
  return { outcomes: inListOrder(outcomes), scanned, notScanned: inListOrder(notScanned) };
}

/** The items sorted by list position. */
function inListOrder<T>(items: { index: number; outcome: T }[]): T[] {
  return items.sort((a, b) => a.index - b.index).map((item) => item.outcome);
}

async function scanProject(
  project: Project,
  nowSeconds: number,
  policy: ExpiryPolicy,
  deps: ScanDeps,
): Promise<ProjectOutcome> {
  const outcome = emptyOutcome(project);
  try {
    const listed = await collect(deps.api.listProjectCertificates(project.id));
    const plan = planProject(
      listed.map((c) => ({ ...deps.dates.apply(toRef(c)), active: c.active })),
      nowSeconds,
      policy,
    );
    const active = new Set(listed.filter((c) => c.active).map((c) => c.id));
    const { due, notDue } = await withReplacements(
      plan.deactivate,
      active,
      nowSeconds,
      policy,
      deps,
    );
    // Not due after all by its own PEM: kept, and warned about like any other.
    const kept = planProject(
      notDue.map((c) => ({ ...c, active: true })),
      nowSeconds,
      policy,
    );
    outcome.warnings = [...plan.warnings, ...kept.warnings];
    outcome.unknownExpiry = plan.unknownExpiry;
    outcome.validKept = plan.validKept + kept.validKept;
    outcome.activate = deps.replacements?.activate ? replacementsOf(due) : [];
    // A replacement about to be activated keeps the project valid: nothing needs holding back.
    const validAfter = surelyValidKept(outcome, nowSeconds) + (outcome.activate.length > 0 ? 1 : 0);
    const guarded = deps.guard
      ? guardLastValid(due, validAfter + deps.guard.validAtOrganization, nowSeconds)
      : { deactivate: due, heldBack: [] };
    outcome.planned = guarded.deactivate;
    outcome.heldBack = guarded.heldBack;
  } catch (error) {
    deps.control.noteError(error);
    outcome.failures.push({
      stage: "list",
      reason: "error",
      error: deps.describeError(error),
      requestId: requestIdOrNull(error),
      certificates: [],
    });
  }
  return outcome;
}
