// The readable table of one case: the bundle, the sequential baseline, and the bound and minimum.
import type { CaseResult } from "./case.js";
import { fmt, mb, time } from "./format.js";
import type { SweepFigures } from "./run-sweeper.js";
import { ENDPOINTS } from "./traffic.js";

/** Prints one case's figures under a header row. */
export function printCase(result: CaseResult): void {
  const { run, minimum, minimumTotal, boundMs, speedup } = result;
  const { optimized, sequential } = run;
  const head = [
    "",
    "wall",
    "API span",
    "requests",
    "org certs",
    "proj pages",
    "proj certs",
    "deactivate",
    "429s",
    "max in flight",
    "peak RSS",
  ];
  const widths = [12, 9, 9, 9, 10, 10, 10, 10, 14, 13, 9];
  const row = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" ")}`;
  const sweepRow = (label: string, s: SweepFigures) =>
    row([
      label,
      time(s.wallMs),
      s.apiSpanMs === null ? "-" : time(s.apiSpanMs),
      fmt(s.traffic.total),
      ...ENDPOINTS.map((e) => fmt(s.traffic.byEndpoint[e].total)),
      `${fmt(s.traffic.throttled)} (${((100 * s.traffic.throttled) / Math.max(1, s.traffic.total)).toFixed(1)}%)`,
      fmt(s.serverMaxInFlight),
      mb(s.maxRssBytes ?? s.sampledPeakRssBytes),
    ]);
  console.log(row(head));
  console.log(sweepRow("bundle", optimized));
  if (sequential) console.log(sweepRow("sequential", sequential));
  console.log(
    row([
      "bound / min",
      time(boundMs),
      "",
      fmt(minimumTotal),
      ...ENDPOINTS.map((e) => fmt(minimum[e])),
      "",
      "",
      "",
    ]),
  );
  const notes = [
    ...(speedup === null ? [] : [`speedup ${speedup.toFixed(1)}x`]),
    `bundle sampled peak RSS ${mb(optimized.sampledPeakRssBytes)}`,
    ...(sequential ? [`sequential sampled peak RSS ${mb(sequential.sampledPeakRssBytes)}`] : []),
    ...(optimized.ok ? [] : [`bundle run failed: ${optimized.error ?? "?"}`]),
    ...(sequential && !sequential.ok ? [`sequential failed: ${sequential.error ?? "?"}`] : []),
  ];
  console.log(`  ${notes.join("; ")}`);
}
