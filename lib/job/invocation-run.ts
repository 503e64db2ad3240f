// One invocation of the deployed function: its payload read, one run with the configuration and
// dependencies built once per container, and a log line for a failure that never reached a run.
import type { Config } from "../config/index.js";
import type { JobDeps, JobLogger } from "./deps.js";
import { parseInvocation } from "./invocation.js";
import { runSweepJob } from "./run-job.js";
import { type JobSummary, logIfNotSwept } from "./summary.js";

/** What a warm container keeps between invocations. */
export interface Wired {
  config: Config;
  deps: Omit<JobDeps, "remainingTimeMs">;
}

/** The invocation as Lambda gives it (from its context). */
export interface LambdaInvocation {
  requestId: string;
  remainingTimeMs: () => number;
}

/**
 * Runs one invocation. `wire` builds (or returns the kept) configuration and dependencies: it is
 * called only once the payload is known good, so that a bad variable fails that invocation with a
 * ConfigError naming it. `tagRun` hears the run id as soon as it is known (for the log lines).
 */
export async function runInvocation(
  event: unknown,
  lambda: LambdaInvocation,
  wire: () => Wired,
  logger: JobLogger,
  tagRun: (runId: string) => void,
): Promise<JobSummary> {
  let runId = `manual-${lambda.requestId}`;
  tagRun(runId);
  try {
    const invocation = parseInvocation(event, lambda.requestId);
    runId = invocation.runId;
    tagRun(runId);
    const wired = wire();
    // A manual invocation may turn a dry run on (never off) to see what a run would do.
    const config = invocation.forceDryRun
      ? { ...wired.config, enforcement: { ...wired.config.enforcement, dryRun: true } }
      : wired.config;
    const deps = { ...wired.deps, remainingTimeMs: lambda.remainingTimeMs };
    const run = { id: runId, scheduledAt: invocation.scheduledAt };
    return (await runSweepJob(config, deps, run)).summary;
  } catch (error) {
    logIfNotSwept(logger, runId, error);
    throw error;
  }
}
