// What a run touches outside the process, and the one factory both entry points (the Lambda and
// the CLI) build it with.
import { setTimeout as sleep } from "node:timers/promises";
import type { Publish, ReadSecret } from "../aws.js";
import type { AdminKeySource, Config } from "../config/index.js";
import { type AdminApi, createAdminApi } from "../openai/admin-api.js";
import { clientCache, REQUEST_TIMEOUT_MS } from "../openai/client.js";
import type { RequestRunner } from "../openai/request.js";
import type { RunMetric } from "../report/metrics.js";
import type { Report } from "../report/schema.js";
import { type AdminKeyProvider, cachedAdminKey, fixedAdminKey } from "../secrets.js";
import type { SweepProgress } from "../sweep/options.js";

export interface JobLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** Everything outside the process that a run touches, passed in (built by createJobDeps). */
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

/** The AWS clients an entry point has, for the factory to pick from by the configuration. */
export interface JobIo {
  logger: JobLogger;
  /** A reader of a Secrets Manager secret, used when the config names OPENAI_ADMIN_KEY_SECRET_ID. */
  secretReader: (secretId: string) => ReadSecret;
  /** A publisher to an SNS topic, used when the config names SNS_TOPIC_ARN. */
  snsPublisher: (topicArn: string) => Publish;
  /** Publishes a run's metrics; the Lambda writes CloudWatch embedded metric format. */
  metrics?: JobDeps["metrics"];
  /** How long one Admin API response (and, separately, its body) may take; 10 s unless set. */
  requestTimeoutMs?: number;
}

/**
 * The long-lived part of a run's dependencies: built once per Lambda container and reused while
 * it is warm (cached admin key, one OpenAI client with its keep-alive connections).
 */
export function createJobDeps(config: Config, io: JobIo): Omit<JobDeps, "remainingTimeMs"> {
  const timeoutMs = io.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const { organization, delivery } = config;
  const client = clientCache({ baseURL: organization.baseUrl, timeoutMs });
  return {
    adminKey: adminKeyProvider(organization.adminKey, io.secretReader),
    adminApi: (adminKey, run) => createAdminApi(client(adminKey), run, timeoutMs),
    ...(delivery.snsTopicArn ? { publish: io.snsPublisher(delivery.snsTopicArn) } : {}),
    ...(io.metrics ? { metrics: io.metrics } : {}),
    logger: io.logger,
    now: Date.now,
    sleep: (ms) => sleep(ms),
    random: Math.random,
  };
}

function adminKeyProvider(
  source: AdminKeySource,
  secretReader: JobIo["secretReader"],
): AdminKeyProvider {
  return source.source === "env"
    ? fixedAdminKey(source.key)
    : cachedAdminKey(secretReader(source.secretId));
}
