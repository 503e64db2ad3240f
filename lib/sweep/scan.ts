import type { LimitFunction } from "p-limit";
import type { AdminApi } from "../openai/admin-api.js";
import { collect } from "../openai/paginate.js";
import type { Project } from "../openai/schemas.js";
import type { ProjectOutcome, SweepResult } from "./result.js";
import type { RunControl } from "./run-control.js";
import { type ExpiryPolicy, planProject, toRef } from "./select.js";

export interface ScanDeps {
  api: AdminApi;
  limit: LimitFunction;
  control: RunControl;
  describeError: (error: unknown) => string;
}

export interface ScanResult {
  /** One per project started, in the order the projects were listed. */
  outcomes: ProjectOutcome[];
  notScanned: SweepResult["notScanned"];
}

/**
 * Lists each project's certificates (concurrently, within the limit) and plans its work.
 * A project is not started once the control says stop; a failed listing becomes a failure.
 */
export async function scanProjects(
  projects: readonly Project[],
  nowSeconds: number,
  policy: ExpiryPolicy,
  deps: ScanDeps,
): Promise<ScanResult> {
  const notScanned: ScanResult["notScanned"] = [];
  const outcomes = await Promise.all(
    projects.map((project) =>
      deps.limit(async () => {
        const stop = deps.control.stopScanning();
        if (stop) {
          notScanned.push({ id: project.id, name: project.name, reason: stop });
          return undefined;
        }
        return scanProject(project, nowSeconds, policy, deps);
      }),
    ),
  );
  return { outcomes: outcomes.filter((o) => o !== undefined), notScanned };
}

async function scanProject(
  project: Project,
  nowSeconds: number,
  policy: ExpiryPolicy,
  deps: ScanDeps,
): Promise<ProjectOutcome> {
  const outcome: ProjectOutcome = {
    id: project.id,
    name: project.name,
    deactivated: [],
    planned: [],
    failures: [],
    warnings: [],
    unknownExpiry: [],
  };
  try {
    const listed = await collect(deps.api.listProjectCertificates(project.id));
    const plan = planProject(
      listed.map((c) => ({ ...toRef(c), active: c.active })),
      nowSeconds,
      policy,
    );
    outcome.planned = plan.deactivate;
    outcome.warnings = plan.warnings;
    outcome.unknownExpiry = plan.unknownExpiry;
  } catch (error) {
    deps.control.noteError(error);
    outcome.failures.push({ stage: "list", error: deps.describeError(error), certificates: [] });
  }
  return outcome;
}
