// The safety cap is all or nothing: a run that finds more than MAX_DEACTIVATIONS_PER_RUN
// certificates to deactivate deactivates none. Acting must wait for the scan only while the cap
// could still trip; once what was found plus the most the projects still to scan could add stays
// within the cap, deactivation can start at once, alongside the scan.

/**
 * True when the cap can no longer trip: `found` planned so far, plus at most `perProject` (the
 * organization's certificates in the deactivation window) for each project still to scan.
 * `projectsLeft` is undefined while the project list is incomplete (unknown).
 */
export function capCannotTrip(
  found: number,
  projectsLeft: number | undefined,
  perProject: number,
  cap: number,
): boolean {
  return projectsLeft !== undefined && found + projectsLeft * perProject <= cap;
}

/** Follows a scan's progress to tell when deactivation may start. */
export interface CapGate {
  /** The project list is complete, with `selected` projects to scan. */
  listed(selected: number): void;
  /** A project is done with: scanned with `planned` certificates to deactivate, or not scanned (0). */
  settled(planned: number): void;
  /** Certificates planned so far. */
  readonly found: number;
  /** True once nothing the scan can still find could take the total over `cap`. */
  open(): boolean;
}

/**
 * A gate for `cap`, assuming no project can hold more than the organization's `duePerProject`
 * certificates in the window. A project that does (the API's lists disagreeing) closes the gate for
 * the rest of the run, so the decision falls back to the whole scan's total.
 */
export function createCapGate(cap: number, duePerProject: number): CapGate {
  let found = 0;
  let settledCount = 0;
  let selected: number | undefined;
  let assumptionHolds = true;
  return {
    listed(count) {
      selected = count;
    },
    settled(planned) {
      found += planned;
      settledCount += 1;
      if (planned > duePerProject) assumptionHolds = false;
    },
    get found() {
      return found;
    },
    open: () =>
      assumptionHolds &&
      capCannotTrip(
        found,
        selected === undefined ? undefined : selected - settledCount,
        duePerProject,
        cap,
      ),
  };
}
