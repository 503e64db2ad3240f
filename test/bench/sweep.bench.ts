// `npm run bench`: whole sweeps against the simulator with a fixed per-request latency, to see how
// run time scales with the number of projects and CONCURRENCY. Prints a table; asserts nothing.

import { startHarness } from "../support/harness.js";
import { largeOrg } from "../support/org-builder.js";

const LATENCY_MS = 20;
const cases = [
  { projects: 100, concurrency: 1 },
  { projects: 100, concurrency: 4 },
  { projects: 500, concurrency: 4 },
  { projects: 500, concurrency: 8 },
  { projects: 1000, concurrency: 8 },
];

console.log(
  `Simulator latency ${LATENCY_MS} ms per request; every project has 1 due and 1 healthy certificate.\n`,
);
console.log("projects  concurrency  requests  max in flight  deactivated  wall ms");
for (const { projects, concurrency } of cases) {
  const harness = await startHarness({
    organization: largeOrg({ projects, expiring: 1, activeIn: () => [0, 40] }),
    latencyMs: LATENCY_MS,
    clock: { now: Date.now },
  });
  try {
    const started = performance.now();
    const result = await harness.run({
      CONCURRENCY: String(concurrency),
      MAX_DEACTIVATIONS_PER_RUN: "10000",
    });
    const wall = Math.round(performance.now() - started);
    const row = [projects, concurrency, harness.sim.requests.length, harness.sim.maxInFlight];
    console.log(
      `${row.map((n, i) => String(n).padStart([8, 11, 8, 13][i] ?? 8)).join("  ")}  ${String(result.report.counts.certificates_deactivated).padStart(11)}  ${String(wall).padStart(7)}`,
    );
  } finally {
    await harness.close();
  }
}
