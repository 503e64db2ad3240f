// The targets of `npm run bench`, checked against one case's figures. Each check names its
// target and the figures behind the verdict, for the printed checklist and results.json.
import type { BenchCase, CaseResult } from "./case.js";
import { fmt, mb, time } from "./format.js";

export const TARGETS = {
  wallWithinBound: 1.3,
  speedupAt1000: 10,
  max429Fraction: 0.05,
  maxRssBytesAt10000: 128 * 1024 * 1024,
} as const;

export interface Check {
  case: string;
  target: string;
  pass: boolean;
  detail: string;
}

/** The checks that apply to a case: correctness first, then the targets. */
export function checkCase(benchCase: BenchCase, result: CaseResult): Check[] {
  const { anyInWindow, run, minimumTotal, boundMs, speedup } = result;
  const out: Check[] = [];
  const add = (target: string, pass: boolean, detail: string) =>
    out.push({ case: benchCase.name, target, pass, detail });
  const { optimized, sequential } = run;
  const t = optimized.traffic;

  for (const [label, sweep] of [
    ["bundle", optimized],
    ["sequential", sequential],
  ] as const) {
    if (sweep === undefined) continue;
    add(
      `${label} run completes`,
      sweep.ok && sweep.dueLeftActive === 0,
      sweep.ok
        ? `${sweep.dueLeftActive} due certificate activations left`
        : `failed: ${sweep.error ?? "?"}; ${sweep.dueLeftActive} due certificate activations left`,
    );
  }
  add(
    "requests = minimum",
    t.answered === minimumTotal,
    `${fmt(t.answered)} answered (+${fmt(t.throttled)} 429s), minimum ${fmt(minimumTotal)}`,
  );
  // The bound counts Admin API round trips only, so it is checked against the span of the Admin
  // API traffic; the handler's own wall time (reading the secret, publishing to SNS, a fresh
  // process's first calls) is shown beside it.
  const limit = boundMs * TARGETS.wallWithinBound;
  const span = optimized.apiSpanMs;
  add(
    `Admin API time <= ${TARGETS.wallWithinBound}x bound`,
    span !== null && span <= limit,
    `${span === null ? "-" : time(span)} vs ${time(limit)} (bound ${time(boundMs)}; ` +
      `handler wall time ${time(optimized.wallMs)})`,
  );
  if (benchCase.projects === 1000 && !benchCase.quiet && speedup !== null) {
    add(
      `>= ${TARGETS.speedupAt1000}x faster than sequential`,
      speedup !== null && speedup >= TARGETS.speedupAt1000,
      speedup === null ? "no sequential run" : `${speedup.toFixed(1)}x`,
    );
  }
  if (anyInWindow && benchCase.projects > 100) {
    const first = t.firstProjectListingAt;
    const last = t.lastProjectPageAt;
    add(
      "pipelining",
      first !== null && last !== null && first < last,
      `first project listing is request #${first === null ? "-" : first + 1}, ` +
        `last projects page #${last === null ? "-" : last + 1}`,
    );
  }
  const fraction = t.total === 0 ? 0 : t.throttled / t.total;
  add(
    `429s < ${TARGETS.max429Fraction * 100}% of requests`,
    fraction < TARGETS.max429Fraction,
    `${fmt(t.throttled)} of ${fmt(t.total)} (${(fraction * 100).toFixed(1)}%)`,
  );
  if (benchCase.projects >= 10_000) {
    const rss = optimized.maxRssBytes ?? optimized.sampledPeakRssBytes;
    add(
      `peak RSS < ${mb(TARGETS.maxRssBytesAt10000)}`,
      rss < TARGETS.maxRssBytesAt10000,
      `${mb(rss)} (maxRSS of the child, the bundle's run only)`,
    );
  }
  return out;
}
