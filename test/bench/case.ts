// One case of the sweep benchmark and what came of it.
import type { runSweeper } from "./run-sweeper.js";
import type { minimumByEndpoint } from "./targets.js";

export interface BenchCase {
  /** Its token in BENCH_SIZES. */
  key: string;
  name: string;
  projects: number;
  /** No certificate near its expiry: a sweep ends after the organization's certificates. */
  quiet: boolean;
  /** Whether the sequential baseline runs too. */
  sequential: boolean;
}

export interface CaseResult {
  anyInWindow: boolean;
  run: Awaited<ReturnType<typeof runSweeper>>;
  minimum: ReturnType<typeof minimumByEndpoint>;
  minimumTotal: number;
  boundMs: number;
  /** Sequential wall time over the bundle's; null without a baseline. */
  speedup: number | null;
}
