// A project's outcome: empty before anything is known, and whether it has anything to report.
import type { ProjectOutcome } from "./result.js";

/** True when a scanned project has anything to report; the others are only counted. */
export const isEventful = (p: ProjectOutcome): boolean =>
  p.deactivated.length +
    p.planned.length +
    p.failures.length +
    p.warnings.length +
    p.unknownExpiry.length +
    p.heldBack.length +
    p.activate.length +
    p.activated.length >
  0;

/** A project's outcome before anything is known about it. */
export const emptyOutcome = (p: Pick<ProjectOutcome, "id" | "name">): ProjectOutcome => ({
  id: p.id,
  name: p.name,
  deactivated: [],
  planned: [],
  failures: [],
  warnings: [],
  unknownExpiry: [],
  heldBack: [],
  activate: [],
  activated: [],
  validKept: 0,
});
