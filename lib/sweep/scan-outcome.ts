// What a scan came to, in the result, and whether the run may act on it.
import type { ActQueue } from "./act-queue.js";
import type { Fail } from "./discover.js";
import type { SweepOptions } from "./options.js";
import type { ProjectStream } from "./project-stream.js";
import type { SweepResult } from "./result.js";
import type { RunControl } from "./run-control.js";
import type { ScanResult } from "./scan.js";

/** What the scan and the listing came to, in the result. */
export function recordScan(
  result: SweepResult,
  scan: ScanResult,
  stream: ProjectStream,
  fail: Fail,
) {
  const listed = stream.listed();
  result.projectsListed = listed.count;
  if (listed.count > 0 || listed.complete) result.projectScan = "done";
  result.projects = scan.outcomes;
  result.projectsScanned = scan.scanned;
  result.notScanned = scan.notScanned;
  Object.assign(result, stream.outcome());
  const listing = stream.projects.failure();
  if (listing) {
    const more = `after ${listed.count} projects; projects after these were not listed, so not scanned`;
    fail("list projects", listing.error, listed.count > 0 ? more : undefined);
  }
}

/**
 * Whether the run acts on its plan: not in a dry run, over the cap or after a rejected key (no
 * question about a plan that cannot run), and, when there is a question to ask, only on a yes.
 */
export async function mayAct(
  options: SweepOptions,
  result: SweepResult,
  control: RunControl,
  queue: ActQueue,
): Promise<boolean> {
  const acts = !options.enforcement.dryRun && !result.capTripped && !control.fatalError();
  const planned = queue.waiting().length > 0 || result.organization.due.planned.length > 0;
  if (!acts || !options.confirm || !planned) return acts;
  const yes = await options.confirm(result);
  result.declined = !yes;
  return yes;
}
