import { setTimeout as sleep } from "node:timers/promises";
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import type { Config } from "./config.js";
import { clientCache } from "./openai/client.js";
import { cachedAdminKey, fixedAdminKey } from "./secrets.js";
import type { JobDeps, JobLogger } from "./sweep-job.js";

export interface JobIo {
  logger: JobLogger;
  /** GetSecretValue's SecretString for a secret id (Secrets Manager in the Lambda). */
  readSecret: (secretId: string) => Promise<string | undefined>;
  /** One SNS Publish, or undefined when there is no topic. */
  publish: ((input: PublishCommandInput) => Promise<unknown>) | undefined;
}

/**
 * The long-lived part of a run's dependencies: built once per Lambda container and reused while
 * it is warm (cached admin key, one OpenAI client with its keep-alive connections).
 */
export function createJobDeps(config: Config, io: JobIo): Omit<JobDeps, "remainingTimeMs"> {
  const source = config.adminKey;
  return {
    adminKey:
      source.source === "env"
        ? fixedAdminKey(source.key)
        : cachedAdminKey(() => io.readSecret(source.secretId)),
    openai: clientCache({ baseURL: config.openaiBaseUrl }),
    ...(io.publish ? { publish: io.publish } : {}),
    logger: io.logger,
    now: Date.now,
    sleep: (ms) => sleep(ms),
    random: Math.random,
  };
}
