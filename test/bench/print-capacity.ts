// Prints docs/performance.md's capacity table from the capacity model and the CPU
// per project measured at 256 MB and 1,024 MB (test/bench/capacity-*.json):
// `npx tsx test/bench/print-capacity.ts`.
import {
  type CapacityInput,
  deployedDefaults,
  measuredAt,
  msPerProject,
  projectsPerRun,
  stopPointMs,
} from "./capacity-model.js";
import { fmt } from "./format.js";

const { timeoutSeconds, concurrency: defaultConcurrency } = deployedDefaults();
const at256 = measuredAt(256);
const at1024 = measuredAt(1024);

const rows: [number, number][] = [
  [25, 8],
  [100, defaultConcurrency],
  [150, defaultConcurrency],
  [200, defaultConcurrency],
  [250, defaultConcurrency],
  [250, 4],
  [250, 16],
];
const cell = (input: CapacityInput) => fmt(Math.floor(projectsPerRun(input) / 100) * 100);
console.log(
  `stop point ${stopPointMs(timeoutSeconds) / 1000} s of ${timeoutSeconds} s; measured per project ` +
    `${at256.cpuMsPerProject.toFixed(1)} ms at 256 MB (${at256.node}), ` +
    `${at1024.cpuMsPerProject.toFixed(1)} ms at 1,024 MB (${at1024.node}); ` +
    `${at256.deactivateCallsPerProject} deactivate calls per project\n`,
);
const oldDefaults = (latencyMs: number) =>
  fmt(
    projectsPerRun({
      timeoutSeconds: 300,
      latencyMs,
      concurrency: 4,
      deactivateCallsPerProject: at256.deactivateCallsPerProject,
      cpuMsPerProject: at256.cpuMsPerProject,
    }),
  );
console.log(
  `the defaults before (300 s, CONCURRENCY 4): ${oldDefaults(100)} projects at 100 ms, ` +
    `${oldDefaults(250)} at 250 ms\n`,
);
console.log(
  "| Admin API latency | `CONCURRENCY` | round trips per project | 900 s, 256 MB (as deployed) | 900 s, 1,024 MB |",
);
console.log("| --- | --- | --- | --- | --- |");
for (const [latencyMs, concurrency] of rows) {
  const input = {
    timeoutSeconds,
    latencyMs,
    concurrency,
    deactivateCallsPerProject: at256.deactivateCallsPerProject,
    cpuMsPerProject: at256.cpuMsPerProject,
  };
  const roundTrips = msPerProject({ ...input, cpuMsPerProject: 0 });
  const label =
    concurrency === defaultConcurrency ? `${concurrency} (default)` : String(concurrency);
  console.log(
    `| ${latencyMs} ms | ${label} | ${roundTrips.toFixed(1)} ms | ${cell(input)} | ` +
      `${cell({ ...input, cpuMsPerProject: at1024.cpuMsPerProject })} |`,
  );
}
