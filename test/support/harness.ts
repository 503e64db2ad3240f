import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { afterEach } from "vitest";
import type { Publish } from "../../lib/aws.js";
import { parseConfig } from "../../lib/config/index.js";
import { createJobDeps, type JobDeps, type JobRun } from "../../lib/job/deps.js";
import { runSweepJob } from "../../lib/job/run-job.js";
import { type JobSummary, SweepFailedError } from "../../lib/job/summary.js";
import type { RunMetric } from "../../lib/report/metrics.js";
import type { Report } from "../../lib/report/schema.js";
import type { SimOrganization } from "../../lib/simulator/organization.js";
import type { FaultRule, Simulator } from "../../lib/simulator/server.js";
import { startSimulator } from "../../lib/simulator/server.js";
import { NOW_SECONDS } from "./org-builder.js";

export const ADMIN_KEY = "sk-admin-test-0123456789abcdefXYZ";
export const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:cert-sweeper";

/** OpenAI's 401 body for a wrong or revoked key, with the masked key it echoes, for faults. */
export const REJECTED_KEY_BODY = {
  error: {
    message: "Incorrect API key provided: sk-admi****wxyz.",
    type: "invalid_request_error",
    param: null,
    code: "invalid_api_key",
  },
};

export interface HarnessOptions {
  organization: SimOrganization;
  /** Configuration variables on top of the harness defaults (key, simulator URL, topic). */
  env?: Record<string, string>;
  latencyMs?: number;
  /** The simulator's concurrency limit (429 beyond it). */
  maxInFlight?: number;
  faults?: FaultRule[];
  /** The clock the sweep sees; defaults to a fixed NOW_SECONDS. */
  clock?: { now: () => number };
  remainingTimeMs?: number;
  publish?: Publish;
  onRequest?: (request: { method: string; path: string }) => void;
  requestTimeoutMs?: number;
}

export type RunOutcome =
  | { ok: true; summary: JobSummary; report: Report }
  | { ok: false; error: SweepFailedError; summary: JobSummary; report: Report };

interface LogLine {
  level: "info" | "error";
  message: string;
  attributes: Record<string, unknown>;
}

/** A simulator plus the sweep's real code path, with SNS, sleep and the clock captured in memory. */
async function startHarness(options: HarnessOptions) {
  const sim: Simulator = await startSimulator({
    adminKey: ADMIN_KEY,
    organization: options.organization,
    latencyMs: options.latencyMs ?? 0,
    faults: options.faults ?? [],
    ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  const published: PublishCommandInput[] = [];
  const logs: LogLine[] = [];
  const sleeps: number[] = [];
  const metrics: RunMetric[][] = [];
  const clock = options.clock ?? { now: () => NOW_SECONDS * 1000 };
  const requestTimeoutMs = options.requestTimeoutMs ?? 2_000;
  const baseEnv = {
    OPENAI_ADMIN_KEY: ADMIN_KEY,
    OPENAI_BASE_URL: sim.url,
    SNS_TOPIC_ARN: TOPIC_ARN,
    ...options.env,
  };
  // The production factory wires the run, so the wiring is tested too; only time, randomness
  // and the outside world (SNS, logs, metrics) are the harness's.
  let baseConfig: ReturnType<typeof parseConfig>;
  try {
    baseConfig = parseConfig(baseEnv);
  } catch (error) {
    await sim.close(); // not yet the caller's to close
    throw error;
  }
  const wired = createJobDeps(baseConfig, {
    logger: {
      info: (message, attributes) => logs.push({ level: "info", message, attributes }),
      error: (message, attributes) => logs.push({ level: "error", message, attributes }),
    },
    secretReader: () => {
      throw new Error("the harness passes the key in OPENAI_ADMIN_KEY");
    },
    snsPublisher: () =>
      options.publish ??
      (async (input) => {
        published.push(input);
      }),
    metrics: (values) => metrics.push(values),
    requestTimeoutMs,
  });
  const deps: JobDeps = {
    ...wired,
    now: clock.now,
    // Retries wait on a fake sleep: the delays are recorded, no time passes.
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    remainingTimeMs: () => options.remainingTimeMs ?? 900_000,
  };

  async function run(
    env: Record<string, string> = {},
    overrides: Partial<JobDeps> = {},
    job: Partial<JobRun> = {},
  ): Promise<RunOutcome> {
    const config = parseConfig({ ...baseEnv, ...env });
    try {
      const { summary, report } = await runSweepJob(
        config,
        { ...deps, ...overrides },
        { id: "run-test-1", ...job },
      );
      return { ok: true, summary, report };
    } catch (error) {
      if (!(error instanceof SweepFailedError)) throw error;
      return { ok: false, error, ...error.details };
    }
  }

  /** The reports published so far, parsed from each message's `default` JSON. */
  const publishedReports = () =>
    published.map((p) => JSON.parse(JSON.parse(p.Message ?? "{}").default) as Report);

  /** The value of a metric in each run so far. */
  const metricValues = (name: string) =>
    metrics.map((run) => run.find((m) => m.name === name)?.value);

  return {
    sim,
    published,
    publishedReports,
    logs,
    sleeps,
    metricValues,
    deps,
    run,
    close: () => sim.close(),
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A `start` for a test file: each harness it starts is closed after its test. */
export function harnessPerTest(): (options: HarnessOptions) => Promise<Harness> {
  const running: Harness[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((h) => h.close()));
  });
  return async (options) => {
    const harness = await startHarness(options);
    running.push(harness);
    return harness;
  };
}

/** The deactivate calls the sweep made. */
export const deactivateCalls = (h: Harness) => h.sim.requests.filter((r) => r.method === "POST");
