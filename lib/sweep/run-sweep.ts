// A sweep as a pipeline of named stages: the organization listing (with the certificates' own
// dates where the listing lacks them) decides whether projects are scanned at all; then the project
// stream feeds the scan, whose findings pass the cap gate into the act queue, alongside the scan or
// once the plan is confirmed.
import { requestIdOrNull } from "../request-id.js";
import { createActQueue } from "./act-queue.js";
import { certificateFacts } from "./certificate-facts.js";
import { deactivateInChunks, leaveActive } from "./deactivate.js";
import { discoverOrganization, type Fail } from "./discover.js";
import type { SweepDeps, SweepOptions } from "./options.js";
import { projectStream } from "./project-stream.js";
import { replacementFinder } from "./replacements.js";
import { emptyResult, type SweepResult } from "./result.js";
import { createRunControl, STOP_REASON_TEXT } from "./run-control.js";
import { type ScanDeps, scanProjects } from "./scan.js";
import { mayAct, recordScan } from "./scan-outcome.js";
import { countInDeactivationWindow } from "./select.js";

/** Discover → plan → act. Failures become data in the result; only programming errors throw. */
export async function runSweep(options: SweepOptions, deps: SweepDeps): Promise<SweepResult> {
  const nowSeconds = Math.floor(options.evaluatedAt / 1000);
  const result = emptyResult(options.evaluatedAt);
  const fail: Fail = (stage, error, context) => {
    const text = deps.describeError(error);
    result.runErrors.push({
      stage: deps.isFatal(error) ? "authentication" : stage,
      error: context ? `${text} (${context})` : text,
      requestId: requestIdOrNull(error),
    });
  };
  const facts = certificateFacts({
    content: async (id) => (await deps.api.certificateContent(id)).data,
    describeError: deps.describeError,
    isFatal: deps.isFatal,
  });
  const discovered = await discoverOrganization(options, deps, facts, fail);
  if (!discovered) return result;
  const { dates, refs: orgRefs } = discovered;
  result.organization = discovered.organization;
  // An organization holds at most 50 certificates, so this one listing tells whether any project
  // can have work at all. (An expired certificate keeps this true until it is deleted.)
  const due = countInDeactivationWindow(orgRefs, nowSeconds, options.policy);
  if (due === 0 && !options.scanAnyway?.(orgRefs)) {
    result.projectScan = "skipped_nothing_due";
    return result;
  }
  const control = createRunControl(options.budget, deps.now, deps.isFatal);
  const guard = options.enforcement.protectLastValid
    ? { validAtOrganization: result.organization.validForProjects }
    : undefined;
  const finder = replacementFinder(orgRefs, facts, nowSeconds, options.policy);
  const replacements = { finder, activate: options.enforcement.activateReplacements };
  await scanAndAct(options, { ...deps, control, dates, guard, replacements }, result, due, fail);
  const fatal = control.fatalError();
  if (fatal && !result.runErrors.some((e) => e.stage === "authentication")) {
    fail("authentication", fatal.error);
  }
  return result;
}

/** The project stream, the scan, the cap gate and the act queue, writing into `result`. */
async function scanAndAct(
  options: SweepOptions,
  deps: SweepDeps & ScanDeps,
  result: SweepResult,
  duePerProject: number,
  fail: Fail,
): Promise<void> {
  const { enforcement } = options;
  const orgDue = result.organization.due;
  // The organization-level deactivations count against the same cap.
  const atOrganization = orgDue.planned.length;
  const queue = createActQueue(
    {
      cap: enforcement.maxDeactivationsPerRun - atOrganization,
      // A project can take one activation per due certificate besides its deactivations.
      duePerProject: duePerProject * (enforcement.activateReplacements ? 2 : 1),
      acts: !enforcement.dryRun,
      // With a confirmation to ask, nothing is deactivated before the whole plan has been seen.
      actAsFound: !enforcement.dryRun && !options.confirm,
      workers: options.concurrency,
    },
    {
      ...deps,
      protectLastValid: enforcement.protectLastValid,
      validAtOrganization: deps.guard?.validAtOrganization ?? 0,
    },
  );
  try {
    const stream = projectStream(deps.api, options.filter, deps.control, queue.listComplete);
    let done = 0;
    const scan = await scanProjects(
      stream.projects,
      options.concurrency,
      Math.floor(options.evaluatedAt / 1000),
      options.policy,
      deps,
      (outcome) => {
        queue.settled(outcome);
        done += 1;
        const { selected, complete } = stream.listed();
        const found = queue.found + atOrganization;
        options.onProgress?.({ listed: selected, listingComplete: complete, done, found });
      },
    );
    recordScan(result, scan, stream, fail);
    // With the contradictions the PEMs read during the scan revealed, before any question.
    result.organization.dateDisagreements = [...deps.dates.disagreements];
    result.capTripped = queue.found + atOrganization > enforcement.maxDeactivationsPerRun;
    if (await mayAct(options, result, deps.control, queue)) {
      queue.releaseAll();
      const send = (ids: string[]) => deps.api.deactivateOrganizationCertificates(ids);
      await deactivateInChunks(orgDue, send, deps);
    }
  } finally {
    // Whatever happened, the deactivations already started finish and are in the result.
    await queue.close();
  }
  // A real run that did not act on what it found says why for every due certificate left active:
  // only a dry run or a plan put to the operator keeps "planned".
  if (!enforcement.dryRun && !result.declined) {
    const [reason, why] = deps.control.fatalError()
      ? (["run_aborted", STOP_REASON_TEXT.run_aborted] as const)
      : ([
          "safety_cap",
          "the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN",
        ] as const);
    for (const target of [...queue.waiting(), orgDue]) leaveActive(target, reason, why);
  }
}
