// Acting on a project's plan: its replacements activated first, then its due certificates
// deactivated; a valid certificate whose replacement did not take over is not deactivated early.

import { type DeactivateDeps, deactivateInChunks, toggleInChunks } from "./deactivate.js";
import { guardLastValid, type HeldBack, surelyValidKept } from "./guard.js";
import { forEachConcurrently, type SharedSource } from "./read-ahead.js";
import type { ProjectOutcome } from "./result.js";
import { type CertificateRef, isValidAt } from "./select.js";

/**
 * Acts on each project's plan, `workers` projects at a time, as they arrive: its replacements are
 * activated first, then its due certificates deactivated (see toggleInChunks).
 */
export async function deactivatePlanned(
  projects: SharedSource<ProjectOutcome>,
  workers: number,
  deps: DeactivateDeps,
): Promise<void> {
  await forEachConcurrently(projects, workers, (project) => actOnProject(project, deps));
}

async function actOnProject(project: ProjectOutcome, deps: DeactivateDeps): Promise<void> {
  if (project.activate.length > 0) {
    const activated = await toggleInChunks(
      project.activate,
      (ids) => deps.api.activateProjectCertificates(project.id, ids),
      { stage: "activate", active: true },
      deps,
    );
    project.activate = [];
    project.activated.push(...activated.done);
    project.failures.push(...activated.failures);
    // A replacement that did not take over: its predecessor is not deactivated early.
    const failed = new Set(activated.failures.flatMap((f) => f.certificates.map((c) => c.id)));
    if (failed.size > 0 && deps.protectLastValid) {
      const nowSeconds = Math.floor(deps.now() / 1000);
      holdBackUncovered(project, failed, nowSeconds);
      // No replacement took over and nothing outside the window stays valid: the guard applies
      // after all, keeping the valid one that expires last unless a held-back one outlives it.
      const valid =
        surelyValidKept(project, nowSeconds) + deps.validAtOrganization + project.activated.length;
      const guarded = guardLastValid(project.planned, valid, nowSeconds);
      const latestHeld = Math.max(
        ...project.heldBack.map((h) => h.expires_at ?? Number.POSITIVE_INFINITY),
      );
      const outlives = guarded.heldBack.filter((h) => (h.expires_at ?? 0) > latestHeld);
      project.planned = project.planned.filter((c) => !outlives.some((h) => h.id === c.id));
      project.heldBack.push(...outlives);
    }
  }
  await deactivateInChunks(
    project,
    (ids) => deps.api.deactivateProjectCertificates(project.id, ids),
    deps,
  );
}

/** Moves each still-valid planned certificate whose replacement failed to activate to heldBack. */
function holdBackUncovered(project: ProjectOutcome, failed: Set<string>, nowSeconds: number): void {
  const uncovered = (c: CertificateRef) =>
    c.replacement !== undefined && failed.has(c.replacement.id) && isValidAt(c, nowSeconds);
  const held: HeldBack[] = project.planned
    .filter(uncovered)
    .map((c) => ({ ...c, reason: "activation_failed" }));
  project.heldBack.push(...held);
  project.planned = project.planned.filter((c) => !uncovered(c));
}
