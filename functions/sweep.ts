import { Logger } from "@aws-lambda-powertools/logger";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import { type Config, parseConfig } from "../lib/config.js";
import { runIdOf } from "../lib/invocation.js";
import { createJobDeps } from "../lib/job-deps.js";
import { type JobSummary, runSweepJob } from "../lib/sweep-job.js";

const logger = new Logger({ serviceName: "openai-cert-sweeper" });
let wired: { config: Config; deps: ReturnType<typeof createJobDeps> } | undefined;

// Built on the first invocation rather than at import, so a bad variable fails that invocation
// with a ConfigError naming it; afterwards reused while the container is warm.
function wire(): NonNullable<typeof wired> {
  const config = parseConfig(process.env);
  const secrets = new SecretsManagerClient({});
  const topicArn = config.snsTopicArn;
  // The topic's region is in its ARN; SNS retries throttling and 5xx itself (maxAttempts).
  const sns = topicArn
    ? new SNSClient({ region: topicArn.split(":")[3], maxAttempts: 4 })
    : undefined;
  const deps = createJobDeps(config, {
    logger,
    readSecret: async (SecretId) =>
      (await secrets.send(new GetSecretValueCommand({ SecretId }))).SecretString,
    publish: sns && ((input) => sns.send(new PublishCommand(input))),
  });
  return { config, deps };
}

/** The scheduled sweep. Returns the run's summary; throws after reporting when anything failed. */
export const handler = async (event: unknown, context: Context): Promise<JobSummary> => {
  logger.addContext(context);
  const runId = runIdOf(event, context.awsRequestId);
  logger.appendKeys({ run_id: runId });
  wired ??= wire();
  const deps = { ...wired.deps, remainingTimeMs: () => context.getRemainingTimeInMillis() };
  const { summary } = await runSweepJob(wired.config, deps, runId);
  return summary;
};
