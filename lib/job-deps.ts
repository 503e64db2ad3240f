import { setTimeout as sleep } from "node:timers/promises";
import type { Publish, ReadSecret } from "./aws.js";
import type { Config } from "./config.js";
import { createAdminApi } from "./openai/admin-api.js";
import { clientCache } from "./openai/client.js";
import { type AdminKeyProvider, cachedAdminKey, fixedAdminKey } from "./secrets.js";
import type { JobDeps, JobLogger } from "./sweep-job.js";

export interface JobIo {
  logger: JobLogger;
  /** Reads the admin key's secret; needed when the config names OPENAI_ADMIN_KEY_SECRET_ID. */
  readSecret?: ReadSecret;
  /** One SNS Publish, or undefined when there is no topic. */
  publish?: Publish | undefined;
  /** Publishes a run's metrics; the Lambda writes CloudWatch embedded metric format. */
  metrics?: JobDeps["metrics"];
}

/**
 * The long-lived part of a run's dependencies: built once per Lambda container and reused while
 * it is warm (cached admin key, one OpenAI client with its keep-alive connections).
 */
export function createJobDeps(config: Config, io: JobIo): Omit<JobDeps, "remainingTimeMs"> {
  const client = clientCache({ baseURL: config.openaiBaseUrl });
  return {
    adminKey: adminKeyProvider(config.adminKey, io.readSecret),
    adminApi: (adminKey, run) => createAdminApi(client(adminKey), run),
    ...(io.publish ? { publish: io.publish } : {}),
    ...(io.metrics ? { metrics: io.metrics } : {}),
    logger: io.logger,
    now: Date.now,
    sleep: (ms) => sleep(ms),
    random: Math.random,
  };
}

function adminKeyProvider(
  source: Config["adminKey"],
  readSecret: ReadSecret | undefined,
): AdminKeyProvider {
  if (source.source === "env") return fixedAdminKey(source.key);
  if (!readSecret)
    throw new Error("OPENAI_ADMIN_KEY_SECRET_ID is set but no secret reader was given");
  return cachedAdminKey(readSecret);
}
