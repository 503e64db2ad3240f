import { randomBytes } from "node:crypto";
import { parseConfig } from "../config.js";
import { SweepFailedError } from "../errors.js";
import { createJobDeps, type JobIo } from "../job-deps.js";
import type { Report } from "../report/schema.js";
import { renderText } from "../report/text.js";
import { demoOrganization } from "../simulator/demo-org.js";
import { startSimulator } from "../simulator/server.js";
import { type JobSummary, runSweepJob } from "../sweep-job.js";

/** A generous stand-in for a Lambda's remaining time. */
const DEMO_TIME_BUDGET_MS = 5 * 60_000;

export interface DemoIo extends Omit<JobIo, "readSecret"> {
  /** Where the readable output goes (the terminal). */
  write: (text: string) => void;
}

/**
 * The quick start: one real sweep (the Lambda's own code path) against the built-in simulator,
 * seeded with a demo organization. The environment tunes the run like the Lambda's (DRY_RUN,
 * DEACTIVATE_WITHIN_DAYS, ...); the key and base URL always point at the simulator.
 * Returns the process exit code: 0 when the run succeeded.
 */
export async function runDemo(
  env: Readonly<Record<string, string | undefined>>,
  io: DemoIo,
): Promise<number> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const adminKey = `sk-admin-demo-${randomBytes(16).toString("hex")}`;
  const organization = demoOrganization(nowSeconds);
  const simulator = await startSimulator({ adminKey, organization });
  try {
    const config = parseConfig({
      ...env,
      OPENAI_ADMIN_KEY_SECRET_ID: undefined,
      OPENAI_ADMIN_KEY: adminKey,
      OPENAI_BASE_URL: simulator.url,
    });
    io.write(
      `Sweeping a demo organization (${organization.projects.length} projects, ${organization.certificates.length} certificates) on the built-in OpenAI Admin API simulator at ${simulator.url}\n\n`,
    );
    const deps = createJobDeps(config, io);
    const started = Date.now();
    let outcome: { summary: JobSummary; report: Report };
    let exitCode = 0;
    try {
      outcome = await runSweepJob(
        config,
        { ...deps, remainingTimeMs: () => started + DEMO_TIME_BUDGET_MS - Date.now() },
        `demo-${started}`,
      );
    } catch (error) {
      if (!(error instanceof SweepFailedError)) throw error;
      outcome = error.details;
      exitCode = 1;
    }
    io.write(`${renderText(outcome.report)}\n\n`);
    const calls = simulator.requests;
    const posts = calls.filter((r) => r.method === "POST").length;
    io.write(
      `Admin API requests: ${calls.length} (${calls.length - posts} GET, ${posts} POST deactivate) in ${outcome.summary.duration_ms} ms.\n`,
    );
    io.write(
      config.snsTopicArn
        ? `Report published to ${config.snsTopicArn}: ${outcome.summary.published_messages} SNS message(s).\n`
        : "SNS_TOPIC_ARN is not set, so the report went to this terminal only.\n",
    );
    return exitCode;
  } finally {
    await simulator.close();
  }
}
