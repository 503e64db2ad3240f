import type { AdminApi } from "../openai/admin-api.js";
import { chunkIds } from "./chunk.js";
import { forEachConcurrently, type SharedSource } from "./read-ahead.js";
import type { ProjectOutcome } from "./result.js";
import { type RunControl, STOP_REASON_TEXT } from "./run-control.js";
import type { CertificateRef } from "./select.js";

export interface DeactivateDeps {
  api: AdminApi;
  control: RunControl;
  describeError: (error: unknown) => string;
}

/**
 * Deactivates each project's planned certificates, chunk by chunk, moving each certificate to
 * `deactivated` once the API confirms it inactive, or into a failure with the reason.
 * `workers` projects run at a time, as they arrive; chunks within a project run one after the
 * other.
 */
export async function deactivatePlanned(
  projects: SharedSource<ProjectOutcome>,
  workers: number,
  deps: DeactivateDeps,
): Promise<void> {
  await forEachConcurrently(projects, workers, (project) => deactivateProject(project, deps));
}

async function deactivateProject(project: ProjectOutcome, deps: DeactivateDeps): Promise<void> {
  const byId = new Map(project.planned.map((c) => [c.id, c]));
  project.planned = [];
  for (const ids of chunkIds([...byId.keys()])) {
    const chunk = ids.map((id) => byId.get(id) as CertificateRef);
    const stop = deps.control.stopActing();
    if (stop) {
      project.failures.push({
        stage: "deactivate",
        error: `not attempted: ${STOP_REASON_TEXT[stop]}`,
        certificates: chunk,
      });
      continue;
    }
    try {
      const returned = await deps.api.deactivateProjectCertificates(project.id, ids);
      const confirmed = new Set(returned.filter((c) => !c.active).map((c) => c.id));
      project.deactivated.push(...chunk.filter((c) => confirmed.has(c.id)));
      const unconfirmed = chunk.filter((c) => !confirmed.has(c.id));
      if (unconfirmed.length > 0) {
        project.failures.push({
          stage: "deactivate",
          error: "the API answered but did not confirm these certificates inactive",
          certificates: unconfirmed,
        });
      }
    } catch (error) {
      deps.control.noteError(error);
      // Chunks are independent atomic calls, so the next chunk is still worth trying.
      project.failures.push({
        stage: "deactivate",
        error: deps.describeError(error),
        certificates: chunk,
      });
    }
  }
}
