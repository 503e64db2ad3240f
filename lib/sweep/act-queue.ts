// The last stage of a sweep: projects with certificates to deactivate wait here until the safety
// cap can no longer trip, then go to the deactivation workers, which run alongside the scan.

import { deactivatePlanned } from "./act.js";
import { createCapGate } from "./cap-gate.js";
import type { DeactivateDeps } from "./deactivate.js";
import { createChannel } from "./read-ahead.js";
import type { ProjectOutcome } from "./result.js";

export interface ActQueueOptions {
  /** Certificates the projects may hold in all before the cap trips. */
  cap: number;
  /** The most any one project can hold (the organization's certificates in the window). */
  duePerProject: number;
  /** Whether the run deactivates at all (not a dry run). */
  acts: boolean;
  /** Whether to start as soon as the cap cannot trip; otherwise only on releaseAll (a confirmation). */
  actAsFound: boolean;
  /** Projects deactivated at once. */
  workers: number;
}

export interface ActQueue {
  /** The project list is complete, with `selected` projects to scan. */
  listComplete(selected: number): void;
  /** A project is done with: scanned (its outcome), or not scanned (undefined). */
  settled(outcome: ProjectOutcome | undefined): void;
  /** Certificates found to deactivate so far. */
  readonly found: number;
  /** The projects still waiting to be deactivated. */
  waiting(): readonly ProjectOutcome[];
  /** Sends every waiting project to the workers: the run acts on its whole plan. */
  releaseAll(): void;
  /** No more projects; resolves once every deactivation already started has finished. */
  close(): Promise<void>;
}

export function createActQueue(options: ActQueueOptions, deps: DeactivateDeps): ActQueue {
  const gate = createCapGate(options.cap, options.duePerProject);
  const waiting: ProjectOutcome[] = [];
  const toDeactivate = createChannel<ProjectOutcome>();
  const releaseAll = () => {
    for (const p of waiting.splice(0)) toDeactivate.push(p);
  };
  const release = () => {
    if (options.actAsFound && gate.open()) releaseAll();
  };
  const deactivating = options.acts
    ? deactivatePlanned(toDeactivate, options.workers, deps)
    : Promise.resolve();
  // Awaited by close(); marked handled now so that an early failure cannot crash the process meanwhile.
  deactivating.catch(() => {});
  return {
    listComplete(selected) {
      gate.listed(selected);
      release();
    },
    settled(outcome) {
      // Activations are writes too: they count against the same cap.
      const planned = (outcome?.planned.length ?? 0) + (outcome?.activate.length ?? 0);
      gate.settled(planned);
      if (outcome && planned > 0) waiting.push(outcome);
      release();
    },
    get found() {
      return gate.found;
    },
    waiting: () => waiting,
    releaseAll,
    async close() {
      toDeactivate.close();
      await deactivating;
    },
  };
}
