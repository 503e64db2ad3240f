// The README's capacity model (Performance, Capacity): how many projects one run sweeps before its
// time budget's stop point, from the Admin API's latency, the concurrency, the function's timeout
// and the CPU a project costs the function. The deployed defaults are chosen with it, and
// test/unit/capacity-model.test.ts holds them to it.
import { planTimeBudget } from "../../lib/sweep/time-budget.js";
import { PROJECTS_PER_PAGE } from "./targets.js";

export interface CapacityInput {
  /** The function's timeout, in seconds (serverless.yml). */
  timeoutSeconds: number;
  /** One Admin API round trip, in ms. */
  latencyMs: number;
  /** Requests in flight: min(CONCURRENCY, what the API allows). */
  concurrency: number;
  /** Deactivate calls per project, on average (the benchmark's organizations: 0.22). */
  deactivateCallsPerProject: number;
  /** The function's CPU per project, in ms (measured: test/bench/capacity-*.json). */
  cpuMsPerProject: number;
}

/** Ms into the run after which no new project is started (lib/sweep/time-budget.ts). */
export function stopPointMs(timeoutSeconds: number): number {
  return planTimeBudget(0, timeoutSeconds * 1000).stopStartingAt;
}

/**
 * Ms per project: the larger of the round trips it needs (its certificate listing and its
 * deactivate calls, `concurrency` at a time, plus its share of the projects pages, which run one
 * after another) and the CPU it costs.
 */
export function msPerProject(input: CapacityInput): number {
  const { latencyMs, concurrency, deactivateCallsPerProject } = input;
  const roundTrips =
    (latencyMs * (1 + deactivateCallsPerProject)) / concurrency + latencyMs / PROJECTS_PER_PAGE;
  return Math.max(roundTrips, input.cpuMsPerProject);
}

/** Projects one run starts before its stop point. */
export function projectsPerRun(input: CapacityInput): number {
  return Math.floor(stopPointMs(input.timeoutSeconds) / msPerProject(input));
}
