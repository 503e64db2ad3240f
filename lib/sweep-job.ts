import type { Publish } from "./aws.js";
import type { Config } from "./config.js";
import { PublishError } from "./errors.js";
import { mustScanForNotice, type Notice, type NoticeSettings, noticeAt } from "./notify/notice.js";
import { slotTime } from "./notify/tiers.js";
import type { AdminApi, RequestRunner } from "./openai/admin-api.js";
import { describeError, isAuthFailure } from "./openai/describe-error.js";
import { createRequestRunner, type RunnerStats } from "./openai/runner.js";
import { buildReport, isFailure, type RunFacts } from "./report/build.js";
import { type ReportLogPart, reportLogParts } from "./report/log-parts.js";
import { type RunMetric, runMetrics } from "./report/metrics.js";
import { publishAll, shouldPublish } from "./report/publish.js";
import type { Report } from "./report/schema.js";
import { snsMessages } from "./report/sns-message.js";
import { headline } from "./report/text.js";
import { requestIdOrNull } from "./request-id.js";
import type { AdminKeyProvider } from "./secrets.js";
import { signalAt } from "./signal-at.js";
import { emptyResult, mergeAttempts, type SweepResult } from "./sweep/result.js";
import { runSweep, type SweepProgress } from "./sweep/run-sweep.js";
import { planTimeBudget, type TimeBudget } from "./sweep/time-budget.js";

export interface JobLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** Everything outside the process that a run touches, passed in (see lib/job-deps.ts). */
export interface JobDeps {
  adminKey: AdminKeyProvider;
  /** The Admin API for a key, sending every request through `run`. */
  adminApi: (adminKey: string, run: RequestRunner) => AdminApi;
  /** One SNS Publish; absent when SNS_TOPIC_ARN is not set. */
  publish?: Publish;
  logger: JobLogger;
  /** Publishes the run's metrics (CloudWatch embedded metric format in the Lambda). */
  metrics?: (metrics: RunMetric[]) => void;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** The Lambda's remaining time (context.getRemainingTimeInMillis). */
  remainingTimeMs: () => number;
}

/** One run as its caller sees it. */
export interface JobRun {
  /** The run id (the scheduled event's id for a scheduled run). */
  id: string;
  /** The instant the scheduler meant this run for (Unix seconds), when it says. */
  scheduledAt?: number | undefined;
  /**
   * Asked with the plan (a dry-run report) once the scan is complete and before anything is
   * deactivated; nothing is unless it resolves true. For interactive use (cert-sweep apply).
   */
  confirm?: ((plan: Report) => Promise<boolean>) | undefined;
  /** Hears of the scan's progress. */
  onProgress?: ((progress: SweepProgress) => void) | undefined;
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
  /** Admin API attempts (retries included), how many were answered 429, and the final window. */
  admin_api: { requests: number; throttled: number; concurrency_at_end: number };
}

// Kept back from the publish deadline so that the log line and the thrown error still happen.
const LAST_WORDS_MS = 1_000;

/**
 * One run: read the key, sweep, report, publish, log one summary line. Returns the summary, or,
 * when anything failed, publishes first and then throws a SweepFailedError carrying it.
 */
export async function runSweepJob(
  config: Config,
  deps: JobDeps,
  run: JobRun,
): Promise<{ summary: JobSummary; report: Report; declined: boolean }> {
  const runId = run.id;
  const started = deps.now();
  const budget = planTimeBudget(started, deps.remainingTimeMs());
  const noticeSettings: NoticeSettings = {
    tiersDays: config.warnTiersDays,
    periodHours: config.schedulePeriodHours,
    digestWeekday: config.digestWeekday,
  };
  const facts: RunFacts = {
    runId,
    dryRun: config.dryRun,
    deactivateWithinDays: config.deactivateWithinDays,
    warnWithinDays: config.warnWithinDays,
    maxDeactivationsPerRun: config.maxDeactivationsPerRun,
    deactivateOrganization: config.deactivateOrganizationCertificates,
    noticeSettings,
    notice: noticeAt(noticeSettings, slotTime(run.scheduledAt, started)),
  };
  const { result, api } = await sweep(config, deps, { started, budget, facts, run });
  const report = buildReport(result, facts);
  // A plan the operator turned down did nothing: there is nothing to tell subscribers.
  const delivery = result.declined ? { sent: 0 } : await deliver(report, config, deps);

  const summary: JobSummary = {
    run_id: runId,
    outcome: report.outcome,
    dry_run: report.dry_run,
    counts: report.counts,
    errors: report.errors,
    published_messages: delivery.sent,
    duration_ms: deps.now() - started,
    admin_api: {
      requests: api?.attempts ?? 0,
      throttled: api?.throttled ?? 0,
      concurrency_at_end: api?.window ?? 0,
    },
  };
  const failed = isFailure(report) || delivery.error !== undefined;
  deps.metrics?.(runMetrics(report, !failed, summary.duration_ms, summary.admin_api));
  // Without a topic, or when publishing failed, the whole report goes to the log, in parts that
  // each fit a log event, so nothing is lost.
  const level = failed ? "error" : "info";
  const logged = config.snsTopicArn && !delivery.error ? [] : logParts(report);
  deps.logger[level]("sweep finished", {
    summary,
    ...(delivery.error ? { publish_error: delivery.error } : {}),
    ...(logged.length > 0 ? { report_log_parts: logged.length } : {}),
  });
  for (const part of logged) deps.logger[level](part.message, part.attributes);
  if (failed) {
    const reasons = [isFailure(report) ? headline(report) : undefined, delivery.error].filter(
      Boolean,
    );
    throw new SweepFailedError(`sweep ${runId} failed: ${reasons.join("; ")}`, { summary, report });
  }
  return { summary, report, declined: result.declined };
}

/** The report's log events; should even one project's entry not fit, the report goes whole. */
function logParts(report: Report): ReportLogPart[] {
  try {
    return reportLogParts(report);
  } catch {
    const whole = "part 1 of 1 (too large to split)";
    return [
      {
        message: `sweep report (${whole})`,
        attributes: { run_id: report.run_id, part: whole, report },
      },
    ];
  }
}

/** Publishes per NOTIFY_ON. Never throws: a failure, even building the messages, is returned. */
async function deliver(
  report: Report,
  config: Config,
  deps: JobDeps,
): Promise<{ sent: number; error?: string }> {
  const { publish } = deps;
  if (!publish || !config.snsTopicArn || !shouldPublish(report, config.notifyOn))
    return { sent: 0 };
  const now = deps.now();
  const signal = signalAt(now + deps.remainingTimeMs() - LAST_WORDS_MS, now);
  try {
    return {
      sent: await publishAll(snsMessages(report, config.snsTopicArn), (input) =>
        publish(input, signal),
      ),
    };
  } catch (error) {
    const sent = error instanceof PublishError ? error.sent : 0;
    return { sent, error: describeError(error) };
  }
}

async function sweep(
  config: Config,
  deps: JobDeps,
  {
    started,
    budget,
    facts,
    run,
  }: { started: number; budget: TimeBudget; facts: RunFacts; run: JobRun },
): Promise<{ result: SweepResult; api?: RunnerStats }> {
  const policy = {
    deactivateWithinDays: config.deactivateWithinDays,
    warnWithinDays: config.warnWithinDays,
  };
  const notice: Notice = facts.notice;
  const { onProgress } = run;
  // Asked at most once per run: a second attempt (after a key rotation) carries out what the
  // operator already approved, evaluated at the same instant.
  let answer: Promise<boolean> | undefined;
  const ask = run.confirm;
  const confirm = ask && ((plan: Report) => (answer ??= ask(plan)));
  const failed = (stage: "read admin key" | "internal", error: unknown, secrets: string[] = []) => {
    const result = emptyResult(started);
    result.runErrors.push({
      stage,
      error: describeError(error, secrets),
      requestId: requestIdOrNull(error),
    });
    return { result };
  };
  const readKey = () => deps.adminKey.get(signalAt(budget.abortAt, deps.now()));
  let adminKey: string;
  try {
    adminKey = await readKey();
  } catch (error) {
    return failed("read admin key", error);
  }
  const attempt = async (key: string, maxDeactivations: number) => {
    const runner = createRequestRunner({
      ...deps,
      concurrency: config.concurrency,
      abortAt: budget.abortAt,
    });
    try {
      const result = await runSweep(
        {
          policy,
          dryRun: config.dryRun,
          maxDeactivations,
          concurrency: config.concurrency,
          filter: {
            include: config.includeProjects,
            exclude: config.excludeProjects,
            includeArchived: config.includeArchivedProjects,
          },
          evaluatedAt: started,
          budget,
          deactivateOrganization: config.deactivateOrganizationCertificates,
          scanAnyway: (certificates) =>
            mustScanForNotice(notice, certificates, Math.floor(started / 1000), policy),
          ...(confirm
            ? { confirm: (plan) => confirm(buildReport(plan, { ...facts, dryRun: true })) }
            : {}),
          ...(onProgress ? { onProgress } : {}),
        },
        {
          api: deps.adminApi(key, runner.run),
          now: deps.now,
          describeError: (error) => describeError(error, [key]),
          isFatal: isAuthFailure,
        },
      );
      return { result, api: runner.stats() };
    } catch (error) {
      return { ...failed("internal", error, [key]), api: runner.stats() };
    }
  };

  const first = await attempt(adminKey, config.maxDeactivationsPerRun);
  if (!rejectedKey(first.result)) return first;
  // The key may have been rotated since it was read: read it again, once, before failing. A new
  // key sweeps again; the certificates the first attempt deactivated count against the cap.
  deps.adminKey.invalidate();
  let fresh: string;
  try {
    fresh = await readKey();
  } catch (error) {
    const runErrors = [
      ...first.result.runErrors,
      {
        stage: "read admin key" as const,
        error: describeError(error),
        requestId: requestIdOrNull(error),
      },
    ];
    return { ...first, result: { ...first.result, runErrors } };
  }
  if (fresh === adminKey) {
    deps.adminKey.invalidate(); // the same key, rejected: the next run reads the secret again
    return first;
  }
  const done = deactivatedCount(first.result);
  const second = await attempt(fresh, config.maxDeactivationsPerRun - done);
  // Still rejected: the next run reads the secret again.
  if (rejectedKey(second.result)) deps.adminKey.invalidate();
  return {
    result: mergeAttempts(first.result, second.result),
    api: sumStats(first.api, second.api),
  };
}

const rejectedKey = (result: SweepResult) =>
  result.runErrors.some((e) => e.stage === "authentication");

const deactivatedCount = (result: SweepResult) =>
  result.projects.reduce((n, p) => n + p.deactivated.length, 0) +
  result.organization.due.deactivated.length;

function sumStats(a: RunnerStats | undefined, b: RunnerStats | undefined): RunnerStats | undefined {
  if (!a || !b) return b ?? a;
  return {
    attempts: a.attempts + b.attempts,
    throttled: a.throttled + b.throttled,
    window: b.window,
  };
}

/** The sweep finished but something failed; thrown after the report was published so Lambda counts an error. */
export class SweepFailedError extends Error {
  override name = "SweepFailedError";
  /** The run's summary and report, for callers that print them (the local demo). */
  declare readonly details: { summary: JobSummary; report: Report };
  constructor(message: string, details: { summary: JobSummary; report: Report }) {
    super(message);
    // Not enumerable: runtimes that log a thrown error's own properties must not log the report again.
    Object.defineProperty(this, "details", { value: details, enumerable: false });
  }
}
