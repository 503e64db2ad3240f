import { emptyOutcome } from "./outcome.js";
import type { SweepResult } from "./result.js";

/**
 * One run's result from two attempts, the first stopped by a rejected key and the second made
 * with a key read again: the second's findings, plus what the first had already deactivated
 * (which the second found inactive, so did not plan again), and the replacements it activated.
 * Nothing deactivated or activated is left out.
 */
export function mergeAttempts(first: SweepResult, second: SweepResult): SweepResult {
  const projects = second.projects.map((p) => ({
    ...p,
    deactivated: [...p.deactivated],
    activated: [...p.activated],
  }));
  for (const earlier of first.projects) {
    if (earlier.deactivated.length + earlier.activated.length === 0) continue;
    const later = projects.find((p) => p.id === earlier.id);
    if (later) {
      later.deactivated.unshift(...earlier.deactivated);
      later.activated.unshift(...earlier.activated);
    }
    // Quiet in the second attempt: what the first saw of it still holds (its valid certificates).
    else
      projects.push({
        ...emptyOutcome(earlier),
        deactivated: earlier.deactivated,
        activated: earlier.activated,
        validKept: earlier.validKept,
      });
  }
  const org = second.organization;
  const deactivated = [...first.organization.due.deactivated, ...org.due.deactivated];
  return { ...second, projects, organization: { ...org, due: { ...org.due, deactivated } } };
}
