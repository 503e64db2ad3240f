// A run's summary: the one log line (with the report in parts when it went nowhere else), and the
// error a failed run ends with.
import { errorText } from "../errors.js";
import type { RunnerStats } from "../openai/runner.js";
import { redact } from "../redact.js";
import { headline } from "../report/headline.js";
import { type ReportLogPart, reportLogParts } from "../report/log-parts.js";
import { isFailure } from "../report/outcome.js";
import type { Report } from "../report/schema.js";
import type { Delivery } from "./deliver.js";
import type { JobLogger } from "./deps.js";

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

export function summarize(
  report: Report,
  delivery: Delivery,
  api: RunnerStats | undefined,
  durationMs: number,
): JobSummary {
  return {
    run_id: report.run_id,
    outcome: report.outcome,
    dry_run: report.dry_run,
    counts: report.counts,
    errors: report.errors,
    published_messages: delivery.sent,
    duration_ms: durationMs,
    admin_api: {
      requests: api?.attempts ?? 0,
      throttled: api?.throttled ?? 0,
      concurrency_at_end: api?.window ?? 0,
    },
  };
}

/**
 * Logs "sweep finished" with the summary. Without a topic, or when publishing failed, the whole
 * report follows in parts that each fit a log event, so nothing is lost.
 */
export function logSummary(
  logger: JobLogger,
  summary: JobSummary,
  report: Report,
  delivery: Delivery,
  options: { failed: boolean; hasTopic: boolean },
): void {
  const level = options.failed ? "error" : "info";
  const logged = options.hasTopic && !delivery.error ? [] : logParts(report);
  logger[level]("sweep finished", {
    summary,
    ...(delivery.error ? { publish_error: delivery.error } : {}),
    ...(logged.length > 0 ? { report_log_parts: logged.length } : {}),
  });
  for (const part of logged) logger[level](part.message, part.attributes);
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

/** The error a failed run ends with: what the report's headline and the delivery say went wrong. */
export function sweepFailed(summary: JobSummary, report: Report, delivery: Delivery) {
  const reasons = [isFailure(report) ? headline(report) : undefined, delivery.error].filter(
    Boolean,
  );
  return new SweepFailedError(`sweep ${summary.run_id} failed: ${reasons.join("; ")}`, {
    summary,
    report,
  });
}

/**
 * A failed sweep has logged its own summary line; a run that failed before it could sweep (a bad
 * configuration or payload) gets one here, so that every invocation logs "sweep finished".
 */
export function logIfNotSwept(logger: JobLogger, runId: string, error: unknown): void {
  if (error instanceof SweepFailedError) return;
  logger.error("sweep finished", {
    summary: { run_id: runId, outcome: "failed" },
    error: redact(errorText(error)),
  });
}
