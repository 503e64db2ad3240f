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
 * Deactivates each project's planned certificates (see deactivateInChunks), `workers` projects
 * at a time, as they arrive.
 */
export async function deactivatePlanned(
  projects: SharedSource<ProjectOutcome>,
  workers: number,
  deps: DeactivateDeps,
): Promise<void> {
  await forEachConcurrently(projects, workers, (project) =>
    deactivateInChunks(
      project,
      (ids) => deps.api.deactivateProjectCertificates(project.id, ids),
      deps,
    ),
  );
}

/** The certificates of one scope (a project, or the organization) and what became of them. */
export type DeactivationTarget = Pick<ProjectOutcome, "planned" | "deactivated" | "failures">;

/**
 * Deactivates `target.planned` in chunks of at most 10, one after the other, through `send` (one
 * atomic API call), moving each certificate to `deactivated` once the API confirms it inactive, or
 * into a failure with the reason.
 */
export async function deactivateInChunks(
  target: DeactivationTarget,
  send: (ids: string[]) => Promise<{ id: string; active: boolean }[]>,
  deps: Omit<DeactivateDeps, "api">,
): Promise<void> {
  const byId = new Map(target.planned.map((c) => [c.id, c]));
  target.planned = [];
  for (const ids of chunkIds([...byId.keys()])) {
    const chunk = ids.map((id) => byId.get(id) as CertificateRef);
    const stop = deps.control.stopActing();
    if (stop) {
      target.failures.push({
        stage: "deactivate",
        error: `not attempted: ${STOP_REASON_TEXT[stop]}`,
        certificates: chunk,
      });
      continue;
    }
    try {
      const returned = await send(ids);
      const confirmed = new Set(returned.filter((c) => !c.active).map((c) => c.id));
      target.deactivated.push(...chunk.filter((c) => confirmed.has(c.id)));
      const unconfirmed = chunk.filter((c) => !confirmed.has(c.id));
      if (unconfirmed.length > 0) {
        target.failures.push({
          stage: "deactivate",
          error: "the API answered but did not confirm these certificates inactive",
          certificates: unconfirmed,
        });
      }
    } catch (error) {
      deps.control.noteError(error);
      // Chunks are independent atomic calls, so the next chunk is still worth trying.
      target.failures.push({
        stage: "deactivate",
        error: deps.describeError(error),
        certificates: chunk,
      });
    }
  }
}
