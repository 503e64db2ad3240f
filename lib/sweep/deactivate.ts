import type { AdminApi } from "../openai/admin-api.js";
import type { Answered } from "../openai/request.js";
import { requestIdOrNull } from "../request-id.js";
import { chunkIds } from "./chunk.js";
import { forEachConcurrently, type SharedSource } from "./read-ahead.js";
import type { Failure, FailureReason, ProjectOutcome } from "./result.js";
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

/** Why no deactivate call was made for certificates that were due. */
export type NotAttempted = Exclude<FailureReason, "error" | "unconfirmed">;

/** A failure for due certificates no deactivate call was made for, saying why. */
function notAttempted(reason: NotAttempted, why: string, certificates: CertificateRef[]): Failure {
  return {
    stage: "deactivate",
    reason,
    error: `not attempted: ${why}`,
    requestId: null,
    certificates,
  };
}

/** Moves what is still planned in `target` to a failure saying why it was not attempted. */
export function leaveActive(target: DeactivationTarget, reason: NotAttempted, why: string): void {
  if (target.planned.length === 0) return;
  target.failures.push(notAttempted(reason, why, target.planned));
  target.planned = [];
}

/**
 * Deactivates `target.planned` in chunks of at most 10, one after the other, through `send` (one
 * atomic API call), moving each certificate to `deactivated` once the API confirms it inactive, or
 * into a failure with the reason.
 */
export async function deactivateInChunks(
  target: DeactivationTarget,
  send: (ids: string[]) => Promise<Answered<{ id: string; active: boolean }[]>>,
  deps: Omit<DeactivateDeps, "api">,
): Promise<void> {
  const byId = new Map(target.planned.map((c) => [c.id, c]));
  target.planned = [];
  for (const ids of chunkIds([...byId.keys()])) {
    const chunk = ids.map((id) => byId.get(id) as CertificateRef);
    const stop = deps.control.stopActing();
    if (stop) {
      target.failures.push(notAttempted(stop, STOP_REASON_TEXT[stop], chunk));
      continue;
    }
    try {
      const { data, requestId } = await send(ids);
      const confirmed = new Set(data.filter((c) => !c.active).map((c) => c.id));
      target.deactivated.push(
        ...chunk.filter((c) => confirmed.has(c.id)).map((c) => ({ ...c, requestId })),
      );
      const unconfirmed = chunk.filter((c) => !confirmed.has(c.id));
      if (unconfirmed.length > 0) {
        target.failures.push({
          stage: "deactivate",
          reason: "unconfirmed",
          error: "the API answered but did not confirm these certificates inactive",
          requestId,
          certificates: unconfirmed,
        });
      }
    } catch (error) {
      deps.control.noteError(error);
      // Chunks are independent atomic calls, so the next chunk is still worth trying.
      target.failures.push({
        stage: "deactivate",
        reason: "error",
        error: deps.describeError(error),
        requestId: requestIdOrNull(error),
        certificates: chunk,
      });
    }
  }
}
