import type { PublishCommandInput } from "@aws-sdk/client-sns";
import type OpenAI from "openai";
import pLimit from "p-limit";
import type { Config } from "./config.js";
import { SweepFailedError } from "./errors.js";
import { createAdminApi, type RequestRunner } from "./openai/admin-api.js";
import { describeError, isAuthFailure } from "./openai/describe-error.js";
import { withRetry } from "./openai/retry.js";
import { buildReport, isFailure } from "./report/build.js";
import { publishAll, shouldPublish } from "./report/publish.js";
import type { Report } from "./report/schema.js";
import { snsMessages } from "./report/sns-message.js";
import { headline } from "./report/text.js";
import type { AdminKeyProvider } from "./secrets.js";
import { emptyResult, type SweepResult } from "./sweep/result.js";
import { runSweep } from "./sweep/run-sweep.js";
import { planTimeBudget, type TimeBudget } from "./sweep/time-budget.js";

export interface JobLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** Everything outside the process that a run touches, passed in (see functions/sweep.ts). */
export interface JobDeps {
  adminKey: AdminKeyProvider;
  openai: (adminKey: string) => OpenAI;
  /** One SNS Publish; absent when SNS_TOPIC_ARN is not set. */
  publish?: (input: PublishCommandInput) => Promise<unknown>;
  logger: JobLogger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** The Lambda's remaining time (context.getRemainingTimeInMillis). */
  remainingTimeMs: () => number;
}

export interface JobSummary {
  run_id: string;
  outcome: Report["outcome"];
  dry_run: boolean;
  counts: Report["counts"];
  /** Run-level failures (the per-project ones are in the report). */
  errors: Report["errors"];
  /** SNS messages sent for this run (0 when NOTIFY_ON=changes had nothing to say, or no topic). */
  published_messages: number;
  duration_ms: number;
}

/**
 * One run: read the key, sweep, report, publish, log one summary line. Returns the summary, or,
 * when anything failed, publishes first and then throws a SweepFailedError carrying it.
 */
export async function runSweepJob(
  config: Config,
  deps: JobDeps,
  runId: string,
): Promise<{ summary: JobSummary; report: Report }> {
  const started = deps.now();
  const budget = planTimeBudget(started, deps.remainingTimeMs());
  const result = await sweep(config, deps, started, budget);
  const report = buildReport(result, {
    runId,
    dryRun: config.dryRun,
    deactivateWithinDays: config.deactivateWithinDays,
    warnWithinDays: config.warnWithinDays,
    maxDeactivationsPerRun: config.maxDeactivationsPerRun,
  });

  let published = 0;
  let publishFailure: Error | undefined;
  if (deps.publish && config.snsTopicArn && shouldPublish(report, config.notifyOn)) {
    const messages = snsMessages(report, config.snsTopicArn);
    await publishAll(messages, deps.publish).then(
      () => (published = messages.length),
      (error: Error) => (publishFailure = error),
    );
  }

  const summary: JobSummary = {
    run_id: runId,
    outcome: report.outcome,
    dry_run: report.dry_run,
    counts: report.counts,
    errors: report.errors,
    published_messages: published,
    duration_ms: deps.now() - started,
  };
  const failed = isFailure(report) || publishFailure !== undefined;
  // Without a topic the log line carries the whole report, so nothing is lost.
  const extra = config.snsTopicArn ? {} : { report };
  const publishText = publishFailure ? { publish_error: publishFailure.message } : {};
  deps.logger[failed ? "error" : "info"]("sweep finished", { summary, ...publishText, ...extra });
  if (failed) {
    const reasons = [
      isFailure(report) ? headline(report) : undefined,
      publishFailure?.message,
    ].filter(Boolean);
    throw new SweepFailedError(`sweep ${runId} failed: ${reasons.join("; ")}`, { summary, report });
  }
  return { summary, report };
}

async function sweep(
  config: Config,
  deps: JobDeps,
  started: number,
  budget: TimeBudget,
): Promise<SweepResult> {
  let adminKey: string;
  try {
    adminKey = await deps.adminKey.get();
  } catch (error) {
    const result = emptyResult(started);
    result.runErrors.push({ stage: "read admin key", error: describeError(error) });
    return result;
  }
  const limit = pLimit(config.concurrency);
  const retryDeps = {
    sleep: deps.sleep,
    now: deps.now,
    random: deps.random,
    deadlineAt: budget.abortAt,
  };
  // Each attempt gets its own signal that fires at the budget's abortAt, cutting off a request still
  // in flight then and leaving time to publish. The limit wraps each attempt, not the retry loop,
  // so a backoff wait holds no slot.
  const run: RequestRunner = (send) =>
    withRetry(
      () => limit(() => send(AbortSignal.timeout(Math.max(0, budget.abortAt - deps.now())))),
      retryDeps,
    );
  try {
    const result = await runSweep(
      {
        policy: config,
        dryRun: config.dryRun,
        maxDeactivations: config.maxDeactivationsPerRun,
        concurrency: config.concurrency,
        filter: {
          include: config.includeProjects,
          exclude: config.excludeProjects,
          includeArchived: config.includeArchivedProjects,
        },
        evaluatedAt: started,
        budget,
      },
      {
        api: createAdminApi(deps.openai(adminKey), run),
        now: deps.now,
        describeError: (error) => describeError(error, [adminKey]),
        isFatal: isAuthFailure,
      },
    );
    // A rejected key may have been rotated: read the secret again on the next run.
    if (result.runErrors.some((e) => e.stage === "authentication")) deps.adminKey.invalidate();
    return result;
  } catch (error) {
    const result = emptyResult(started);
    result.runErrors.push({ stage: "internal", error: describeError(error, [adminKey]) });
    return result;
  }
}
