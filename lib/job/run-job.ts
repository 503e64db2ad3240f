// One run, for the Lambda and the CLI alike: sweep, report, deliver, summarise, log; a failed run
// ends with a SweepFailedError after its report went out.
import type { Config } from "../config/index.js";
import { noticeAt } from "../notify/notice.js";
import { slotTime } from "../notify/tiers.js";
import { buildReport, type RunFacts } from "../report/build.js";
import { runMetrics } from "../report/metrics.js";
import { isFailure } from "../report/outcome.js";
import type { Report } from "../report/schema.js";
import { planTimeBudget } from "../sweep/time-budget.js";
import { sweepWithKey } from "./attempts.js";
import { deliver } from "./deliver.js";
import type { JobDeps, JobRun } from "./deps.js";
import { type JobSummary, logSummary, summarize, sweepFailed } from "./summary.js";

/**
 * One run: read the key, sweep, report, publish, log one summary line. Returns the summary, or,
 * when anything failed, publishes first and then throws a SweepFailedError carrying it.
 */
export async function runSweepJob(
  config: Config,
  deps: JobDeps,
  run: JobRun,
): Promise<{ summary: JobSummary; report: Report; declined: boolean }> {
  const started = deps.now();
  const budget = planTimeBudget(started, deps.remainingTimeMs());
  const facts = runFacts(config, run, started);
  const { result, api } = await sweepWithKey({ config, deps, run, started, budget, facts });
  const report = buildReport(result, facts);
  // A plan the operator turned down did nothing: there is nothing to tell subscribers.
  const delivery = result.declined ? { sent: 0 } : await deliver(report, config.delivery, deps);
  const summary = summarize(report, delivery, api, deps.now() - started);
  const failed = isFailure(report) || delivery.error !== undefined;
  deps.metrics?.(runMetrics(report, !failed, summary.duration_ms, summary.admin_api));
  logSummary(deps.logger, summary, report, delivery, {
    failed,
    hasTopic: Boolean(config.delivery.snsTopicArn),
  });
  if (failed) throw sweepFailed(summary, report, delivery);
  return { summary, report, declined: result.declined };
}

/** What the report says about the run itself: its id, its settings and the notice it owes. */
function runFacts(config: Config, run: JobRun, started: number): RunFacts {
  return {
    runId: run.id,
    policy: config.policy,
    enforcement: config.enforcement,
    noticeSettings: config.notice,
    notice: noticeAt(config.notice, slotTime(run.scheduledAt, started)),
  };
}
