import type { AdminApi } from "../openai/admin-api.js";
import type { Answered } from "../openai/request.js";
import { requestIdOrNull } from "../request-id.js";
import { chunkIds } from "./chunk.js";
import type { Deactivated, Failure, FailureReason, ProjectOutcome } from "./result.js";
import { type RunControl, STOP_REASON_TEXT } from "./run-control.js";
import type { CertificateRef } from "./select.js";

export interface DeactivateDeps {
  api: AdminApi;
  control: RunControl;
  describeError: (error: unknown) => string;
  /** With the guard on, a valid certificate whose replacement could not be activated stays. */
  protectLastValid: boolean;
  /** The valid certificates the organization level keeps for every project (the guard's count). */
  validAtOrganization: number;
  now: () => number;
}

/** The certificates of one scope (a project, or the organization) and what became of them. */
export type DeactivationTarget = Pick<ProjectOutcome, "planned" | "deactivated" | "failures"> & {
  activate?: CertificateRef[];
};

/** Why no call was made for certificates that were due. */
export type NotAttempted = Exclude<FailureReason, "error" | "unconfirmed">;

/** A failure for certificates no call was made for, saying why. */
function notAttempted(
  reason: NotAttempted,
  why: string,
  certificates: CertificateRef[],
  stage: Failure["stage"] = "deactivate",
): Failure {
  return { stage, reason, error: `not attempted: ${why}`, requestId: null, certificates };
}

/** Moves what is still planned in `target` to a failure saying why it was not attempted. */
export function leaveActive(target: DeactivationTarget, reason: NotAttempted, why: string): void {
  if (target.activate && target.activate.length > 0) {
    target.failures.push(notAttempted(reason, why, target.activate, "activate"));
    target.activate = [];
  }
  if (target.planned.length === 0) return;
  target.failures.push(notAttempted(reason, why, target.planned));
  target.planned = [];
}

/** Deactivates `target.planned` (see toggleInChunks), moving each into deactivated or a failure. */
export async function deactivateInChunks(
  target: DeactivationTarget,
  send: (ids: string[]) => Promise<Answered<{ id: string; active: boolean }[]>>,
  deps: Pick<DeactivateDeps, "control" | "describeError">,
): Promise<void> {
  const planned = target.planned;
  target.planned = [];
  const result = await toggleInChunks(planned, send, { stage: "deactivate", active: false }, deps);
  target.deactivated.push(...result.done);
  target.failures.push(...result.failures);
}

/**
 * Sends `certificates` in chunks of at most 10, one after the other, through `send` (one atomic
 * API call). A certificate is done once the API shows it in the wanted state; the others end in a
 * failure with the reason. Once the run stops acting, the rest are not attempted.
 */
export async function toggleInChunks(
  certificates: readonly CertificateRef[],
  send: (ids: string[]) => Promise<Answered<{ id: string; active: boolean }[]>>,
  wanted: { stage: Failure["stage"]; active: boolean },
  deps: Pick<DeactivateDeps, "control" | "describeError">,
): Promise<{ done: Deactivated[]; failures: Failure[] }> {
  const byId = new Map(certificates.map((c) => [c.id, c]));
  const done: Deactivated[] = [];
  const failures: Failure[] = [];
  for (const ids of chunkIds([...byId.keys()])) {
    const chunk = ids.map((id) => byId.get(id) as CertificateRef);
    const stop = deps.control.stopActing();
    if (stop) {
      failures.push(notAttempted(stop, STOP_REASON_TEXT[stop], chunk, wanted.stage));
      continue;
    }
    try {
      const { data, requestId } = await send(ids);
      const confirmed = new Set(data.filter((c) => c.active === wanted.active).map((c) => c.id));
      done.push(...chunk.filter((c) => confirmed.has(c.id)).map((c) => ({ ...c, requestId })));
      const unconfirmed = chunk.filter((c) => !confirmed.has(c.id));
      if (unconfirmed.length > 0) {
        const state = wanted.active ? "active" : "inactive";
        failures.push({
          stage: wanted.stage,
          reason: "unconfirmed",
          error: `the API answered but did not confirm these certificates ${state}`,
          requestId,
          certificates: unconfirmed,
        });
      }
    } catch (error) {
      deps.control.noteError(error);
      // Chunks are independent atomic calls, so the next chunk is still worth trying.
      failures.push({
        stage: wanted.stage,
        reason: "error",
        error: deps.describeError(error),
        requestId: requestIdOrNull(error),
        certificates: chunk,
      });
    }
  }
  return { done, failures };
}
