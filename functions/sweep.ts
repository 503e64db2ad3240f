import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { secretReader, snsPublisher } from "../lib/aws.js";
import { parseConfig } from "../lib/config/index.js";
import { createJobDeps } from "../lib/job/deps.js";
import { runInvocation, type Wired } from "../lib/job/invocation-run.js";
import type { JobSummary } from "../lib/job/summary.js";
import { METRICS_NAMESPACE, type RunMetric } from "../lib/report/metrics.js";

// The deployment names the service per stage (the metrics' `service` dimension, which the alarms
// watch); these defaults serve a function deployed without those variables.
const SERVICE = process.env.POWERTOOLS_SERVICE_NAME || "openai-cert-sweeper";
const NAMESPACE = process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE;
const logger = new Logger({ serviceName: SERVICE });
const metrics = new Metrics({ namespace: NAMESPACE, serviceName: SERVICE });
const publishMetrics = (values: RunMetric[]) => {
  for (const m of values) metrics.addMetric(m.name, m.unit, m.value);
  metrics.publishStoredMetrics();
};

// Built on the first invocation that gets that far, then kept while the container is warm.
let wired: Wired | undefined;
const wire = (): Wired => {
  if (wired) return wired;
  const config = parseConfig(process.env, { deployed: true });
  const io = { logger, secretReader, snsPublisher, metrics: publishMetrics };
  wired = { config, deps: createJobDeps(config, io) };
  return wired;
};

/** The scheduled sweep. Returns the run's summary; throws after reporting when anything failed. */
export const handler = async (event: unknown, context: Context): Promise<JobSummary> => {
  logger.addContext(context);
  const lambda = {
    requestId: context.awsRequestId,
    remainingTimeMs: () => context.getRemainingTimeInMillis(),
  };
  return runInvocation(event, lambda, wire, logger, (run_id) => logger.appendKeys({ run_id }));
};
