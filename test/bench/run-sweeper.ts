// Runs test/bench/sweeper.mjs once against fresh loopback servers: simulator A for the built
// bundle, simulator B (identical) for the sequential baseline, and the Secrets Manager + SNS
// endpoint; then reads what each simulator saw. Every server is closed whatever happens.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { startSimulator } from "../../lib/simulator/server.js";
import { startAwsEndpoint } from "../support/aws-endpoint.js";
import { nodeOfMajor, PLATFORM, readYaml } from "../support/platform.js";
import { type BenchOrganization, dueIn } from "./bench-org.js";
import { createCpuLimit } from "./cpu-share.js";
import { summarizeTraffic, type Traffic } from "./traffic.js";

export const ROOT = new URL("../../", import.meta.url).pathname;
const SWEEPER = join(ROOT, "test/bench/sweeper.mjs");
/** The Lambda runtime's Node (serverless.yml): this Node under `npm run bench`, else the pinned one. */
export const CHILD_NODE = nodeOfMajor(PLATFORM.lambdaRuntimeMajor).path;

const fromEnv = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number >= 1`);
  return value;
};

/**
 * The conditions every sweep of the benchmark runs under. The server's limit is below
 * CONCURRENCY, so the adaptive concurrency has something to adapt to; both fit what the 2-core
 * development machine can drive (client and simulator each use about 2 ms of CPU a request).
 */
export const PARAMETERS = {
  latencyMs: fromEnv("BENCH_LATENCY_MS", 25),
  /** The simulator answers 429 beyond this many requests in flight. */
  serverMaxInFlight: fromEnv("BENCH_SERVER_LIMIT", 8),
  throttleRetryAfterSeconds: 1,
  /** The bundle's CONCURRENCY. */
  concurrency: fromEnv("BENCH_CONCURRENCY", 12),
  maxDeactivationsPerRun: 10_000,
  deactivateWithinDays: 1,
  /** The Lambda's own NODE_OPTIONS (heap limits), from serverless.yml. */
  nodeOptions: lambdaNodeOptions(),
  /**
   * BENCH_CPU_SHARE: the fraction of one CPU the child may use (cgroup quota), e.g. 0.145 for
   * what Lambda gives 256 MB (see cpu-share.ts). Unset: no limit.
   */
  cpuShare: process.env.BENCH_CPU_SHARE ? Number(process.env.BENCH_CPU_SHARE) : undefined,
  /** BENCH_SEQUENTIAL=0 skips the sequential baseline (for quick or capacity runs). */
  sequential: process.env.BENCH_SEQUENTIAL !== "0",
} as const;

/** The NODE_OPTIONS serverless.yml gives the function, so the bundle runs as it would deployed. */
function lambdaNodeOptions(): string {
  const yml = readYaml("serverless.yml") as {
    functions: { sweep: { environment: Record<string, unknown> } };
  };
  const options = yml.functions.sweep.environment.NODE_OPTIONS;
  if (typeof options !== "string" || options === "") {
    throw new Error("serverless.yml sets no NODE_OPTIONS for the function");
  }
  return options;
}

const KEY = "sk-admin-bench-0123456789abcdef";
const SECRET_ID = "openai-cert-sweeper/bench-admin-key";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:cert-sweeper-bench";

/** What one sweep did, seen from the child (time, memory) and from its simulator (traffic). */
export interface SweepFigures {
  ok: boolean;
  error?: string;
  wallMs: number;
  /** The child's maxRSS after the run (the bundle's only: it runs first in a fresh process). */
  maxRssBytes?: number;
  /** Highest RSS sampled every 20 ms during the run. */
  sampledPeakRssBytes: number;
  traffic: Traffic;
  /** Highest number of requests the simulator handled at once (429s excluded). */
  serverMaxInFlight: number;
  /** From the first request's arrival to the last one's arrival plus the latency. */
  apiSpanMs: number | null;
  /** Certificates in the window still active in some project afterwards. */
  dueLeftActive: number;
  /** The bundle's summary (outcome, counts, published_messages, duration_ms). */
  summary?: unknown;
}

export interface SweeperRun {
  /** The child's Node version. */
  node: string;
  optimized: SweepFigures;
  sequential?: SweepFigures;
}

interface ChildSweep {
  ok: boolean;
  error?: string;
  wallMs: number;
  maxRssBytes?: number;
  sampledPeakRssBytes: number;
  summary?: unknown;
}

/** Sweeps `bench` with the bundle at `options.bundle` and, if asked, the sequential baseline. */
export async function runSweeper(
  bench: BenchOrganization,
  options: { bundle: string; sequential: boolean },
): Promise<SweeperRun> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const a = await benchSimulator(bench);
    started.push(a.sim);
    const b = options.sequential ? await benchSimulator(bench) : undefined;
    if (b) started.push(b.sim);
    const aws = await startAwsEndpoint({ secrets: { [SECRET_ID]: KEY }, topics: [TOPIC] });
    started.push(aws);

    const args = {
      bundle: options.bundle,
      ...(b
        ? {
            sequential: {
              baseURL: b.sim.url,
              adminKey: KEY,
              withinDays: PARAMETERS.deactivateWithinDays,
            },
          }
        : {}),
    };
    const child = await runChild(JSON.stringify(args), {
      PATH: process.env.PATH ?? "",
      NODE_OPTIONS: PARAMETERS.nodeOptions,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
      AWS_ENDPOINT_URL_SNS: aws.url,
      OPENAI_ADMIN_KEY_SECRET_ID: SECRET_ID,
      OPENAI_BASE_URL: a.sim.url,
      SNS_TOPIC_ARN: TOPIC,
      CONCURRENCY: String(PARAMETERS.concurrency),
      MAX_DEACTIVATIONS_PER_RUN: String(PARAMETERS.maxDeactivationsPerRun),
      DEACTIVATE_WITHIN_DAYS: String(PARAMETERS.deactivateWithinDays),
    });
    return {
      node: child.node,
      optimized: figures(child.optimized, a, bench),
      ...(b && child.sequential ? { sequential: figures(child.sequential, b, bench) } : {}),
    };
  } finally {
    await Promise.allSettled(started.map((server) => server.close()));
  }
}

async function benchSimulator(bench: BenchOrganization) {
  const arrivals = { first: null as number | null, last: null as number | null };
  const sim = await startSimulator({
    adminKey: KEY,
    organization: bench.organization,
    latencyMs: PARAMETERS.latencyMs,
    maxInFlight: PARAMETERS.serverMaxInFlight,
    throttleRetryAfterSeconds: PARAMETERS.throttleRetryAfterSeconds,
    onRequest: () => {
      const now = performance.now();
      arrivals.first ??= now;
      arrivals.last = now;
    },
  });
  return { sim, arrivals };
}

function figures(
  child: ChildSweep,
  { sim, arrivals }: Awaited<ReturnType<typeof benchSimulator>>,
  bench: BenchOrganization,
): SweepFigures {
  const state = sim.snapshot();
  const dueLeftActive = Object.values(state.projectActive).reduce(
    (sum, active) => sum + dueIn(active, bench.inWindow),
    0,
  );
  return {
    ok: child.ok,
    ...(child.error === undefined ? {} : { error: child.error }),
    wallMs: child.wallMs,
    ...(child.maxRssBytes === undefined ? {} : { maxRssBytes: child.maxRssBytes }),
    sampledPeakRssBytes: child.sampledPeakRssBytes,
    traffic: summarizeTraffic(sim.requests),
    serverMaxInFlight: sim.maxInFlight,
    apiSpanMs:
      arrivals.first === null || arrivals.last === null
        ? null
        : arrivals.last - arrivals.first + PARAMETERS.latencyMs,
    dueLeftActive,
    ...(child.summary === undefined ? {} : { summary: child.summary }),
  };
}

/** Runs the child and returns its BENCH line; its own logs are dropped unless it fails. */
async function runChild(
  args: string,
  env: Record<string, string>,
): Promise<{ node: string; optimized: ChildSweep; sequential?: ChildSweep }> {
  const limit = PARAMETERS.cpuShare === undefined ? undefined : createCpuLimit(PARAMETERS.cpuShare);
  const { command, args: argv } = limit
    ? limit.wrap(CHILD_NODE, [SWEEPER, args])
    : { command: CHILD_NODE, args: [SWEEPER, args] };
  const child = spawn(command, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  }).finally(() => limit?.remove());
  const line = stdout.split("\n").find((l) => l.startsWith("BENCH "));
  if (code !== 0 || line === undefined) {
    throw new Error(
      `bench child exited with ${code} and no result\n${stderr.slice(-4000)}${stdout.slice(-4000)}`,
    );
  }
  return JSON.parse(line.slice("BENCH ".length)) as Awaited<ReturnType<typeof runChild>>;
}
