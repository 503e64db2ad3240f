import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { secretReader, snsPublisher } from "../lib/aws.js";
import { type Config, parseConfig } from "../lib/config.js";
import { SweepFailedError } from "../lib/errors.js";
import { runIdOf } from "../lib/invocation.js";
import { createJobDeps } from "../lib/job-deps.js";
import { redact } from "../lib/redact.js";
import { type JobSummary, runSweepJob } from "../lib/sweep-job.js";

const logger = new Logger({ serviceName: "openai-cert-sweeper" });
let wired: { config: Config; deps: ReturnType<typeof createJobDeps> } | undefined;

// Built on the first invocation rather than at import, so that a bad variable fails that
// invocation with a ConfigError naming it; afterwards reused while the container is warm.
function wire(): NonNullable<typeof wired> {
  const config = parseConfig(process.env, { deployed: true });
  const secretId = config.adminKey.source === "secret" ? config.adminKey.secretId : undefined;
  const deps = createJobDeps(config, {
    logger,
    ...(secretId ? { readSecret: secretReader(secretId) } : {}),
    publish: config.snsTopicArn ? snsPublisher(config.snsTopicArn) : undefined,
  });
  return { config, deps };
}

/** The scheduled sweep. Returns the run's summary; throws after reporting when anything failed. */
export const handler = async (event: unknown, context: Context): Promise<JobSummary> => {
  logger.addContext(context);
  const runId = runIdOf(event, context.awsRequestId);
  logger.appendKeys({ run_id: runId });
  try {
    wired ??= wire();
    const deps = { ...wired.deps, remainingTimeMs: () => context.getRemainingTimeInMillis() };
    return (await runSweepJob(wired.config, deps, runId)).summary;
  } catch (error) {
    // A failed sweep has logged its own summary line; anything else (bad config) gets one here.
    if (!(error instanceof SweepFailedError)) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      logger.error("sweep finished", {
        summary: { run_id: runId, outcome: "failed" },
        error: redact(message),
      });
    }
    throw error;
  }
};
