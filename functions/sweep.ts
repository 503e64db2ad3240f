import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { secretReader, snsPublisher } from "../lib/aws.js";
import { type Config, parseConfig } from "../lib/config/index.js";
import { createJobDeps } from "../lib/job/deps.js";
import { parseInvocation } from "../lib/job/invocation.js";
import { runSweepJob } from "../lib/job/run-job.js";
import { type JobSummary, logIfNotSwept } from "../lib/job/summary.js";
import { METRICS_NAMESPACE } from "../lib/report/metrics.js";

// The deployment names the service per stage (the metrics' `service` dimension, which the alarms
// watch); these defaults serve a function deployed without those variables.
const SERVICE = process.env.POWERTOOLS_SERVICE_NAME || "openai-cert-sweeper";
const NAMESPACE = process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE;
const logger = new Logger({ serviceName: SERVICE });
const metrics = new Metrics({ namespace: NAMESPACE, serviceName: SERVICE });
let wired: { config: Config; deps: ReturnType<typeof createJobDeps> } | undefined;

// Built on the first invocation rather than at import, so that a bad variable fails that
// invocation with a ConfigError naming it; afterwards reused while the container is warm.
function wire(): NonNullable<typeof wired> {
  const config = parseConfig(process.env, { deployed: true });
  const deps = createJobDeps(config, {
    logger,
    secretReader,
    snsPublisher,
    metrics: (values) => {
      for (const m of values) metrics.addMetric(m.name, m.unit, m.value);
      metrics.publishStoredMetrics();
    },
  });
  return { config, deps };
}

/** The scheduled sweep. Returns the run's summary; throws after reporting when anything failed. */
export const handler = async (event: unknown, context: Context): Promise<JobSummary> => {
  logger.addContext(context);
  let runId = `manual-${context.awsRequestId}`;
  logger.appendKeys({ run_id: runId });
  try {
    const invocation = parseInvocation(event, context.awsRequestId);
    runId = invocation.runId;
    logger.appendKeys({ run_id: runId });
    const { forceDryRun, scheduledAt } = invocation;
    wired ??= wire();
    // A manual invocation may turn a dry run on (never off) to see what a run would do.
    const { config: wiredConfig } = wired;
    const config = forceDryRun
      ? { ...wiredConfig, enforcement: { ...wiredConfig.enforcement, dryRun: true } }
      : wiredConfig;
    const deps = { ...wired.deps, remainingTimeMs: () => context.getRemainingTimeInMillis() };
    return (await runSweepJob(config, deps, { id: runId, scheduledAt })).summary;
  } catch (error) {
    logIfNotSwept(logger, runId, error);
    throw error;
  }
};
