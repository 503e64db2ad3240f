// The capacity model of docs/performance.md (Capacity): how many projects one run sweeps before its
// time budget's stop point, from the Admin API's latency, the concurrency, the function's timeout
// and the CPU a project costs the function. The deployed defaults are chosen with it, and
// test/unit/bench/capacity-model.test.ts holds them to it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../lib/config/index.js";
import { planTimeBudget } from "../../lib/sweep/time-budget.js";
import { ROOT, readYaml } from "../support/platform.js";
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
  /**
   * The function's time per project when the Admin API answers at once, in ms: its CPU at a CPU
   * share where that is the limit (measured: test/bench/capacity-*.json).
   */
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

interface CapacityFile {
  node: { child: string };
  parameters: { cpuShare: number };
  cases: {
    projects: number;
    minimum: { byEndpoint: { deactivate: number } };
    optimized: { ok: boolean; wallMs: number };
  }[];
}

/**
 * The model's measured inputs at a function memory size: the largest case of
 * test/bench/capacity-<memoryMb>mb.json (`npm run bench` on the CPU share Lambda gives that
 * memory, BENCH_CPU_SHARE): the handler's wall time per project and its deactivate calls per
 * project.
 */
export function measuredAt(memoryMb: number) {
  const file = `test/bench/capacity-${memoryMb}mb.json`;
  const measured = JSON.parse(readFileSync(join(ROOT, file), "utf8")) as CapacityFile;
  const largest = measured.cases.at(-1);
  if (largest === undefined) throw new Error(`${file} holds no case`);
  return {
    file,
    node: measured.node.child,
    cpuShare: measured.parameters.cpuShare,
    projects: largest.projects,
    ok: largest.optimized.ok,
    cpuMsPerProject: largest.optimized.wallMs / largest.projects,
    deactivateCallsPerProject: largest.minimum.byEndpoint.deactivate / largest.projects,
  };
}

/**
 * What the deployment sets: the function's timeout and memory and the `concurrency` parameter
 * (serverless.yml), and the CONCURRENCY the code defaults to when the variable is unset.
 */
export function deployedDefaults() {
  const yml = readYaml("serverless.yml") as {
    params: { default: Record<string, unknown> };
    functions: { sweep: Record<string, unknown> };
  };
  return {
    timeoutSeconds: Number(yml.functions.sweep.timeout),
    memoryMb: Number(yml.functions.sweep.memorySize),
    concurrency: Number(yml.params.default.concurrency),
    codeConcurrency: parseConfig({ OPENAI_ADMIN_KEY_SECRET_ID: "unused" }).organization.concurrency,
  };
}
