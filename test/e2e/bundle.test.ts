import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as v from "valibot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ReportSchema } from "../../lib/report/schema.js";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import { type Simulator, startSimulator } from "../../lib/simulator/server.js";
import { type AwsEndpoint, startAwsEndpoint } from "../support/aws-endpoint.js";
import { nodeOfMajor, PLATFORM } from "../support/platform.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const BUNDLE = join(ROOT, "dist/sweep/index.mjs");
const RUNNER = join(ROOT, "test/e2e/lambda-runner.mjs");
const KEY = "sk-admin-e2e-4f1c9a7be20d43c5a1b2";
const SECRET_NAME = "openai-cert-sweeper/admin-key";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:cert-sweeper-e2e";

const scheduledEvent = (id: string) => ({
  version: "0",
  id,
  "detail-type": "Scheduled Event",
  source: "aws.events",
  account: "123456789012",
  time: new Date().toISOString(),
  region: "us-east-1",
  resources: ["arn:aws:events:us-east-1:123456789012:rule/cert-sweeper"],
  detail: {},
});

interface Invocation {
  node: string;
  ok: boolean;
  result?: {
    run_id: string;
    outcome: string;
    counts: Record<string, number>;
    published_messages: number;
  };
  errorType?: string;
  errorMessage?: string;
}

// The Lambda's runtime (serverless.yml): this Node when it is that version, as under `npm test`,
// else the pinned binary npm installs on linux-x64.
const RUNTIMES: [string, number][] = [
  [
    `Node ${PLATFORM.lambdaRuntimeMajor}, the Lambda's ${PLATFORM.lambdaRuntime}`,
    PLATFORM.lambdaRuntimeMajor,
  ],
];

let sim: Simulator | undefined;
let aws: AwsEndpoint | undefined;

beforeAll(() => {
  // The exact build the deployment ships.
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "pipe" });
}, 120_000);

afterEach(async () => {
  await sim?.close();
  await aws?.close();
  sim = undefined;
  aws = undefined;
});

async function start(options: { secret?: string; failPublishes?: number } = {}) {
  sim = await startSimulator({
    adminKey: KEY,
    organization: demoOrganization(Math.floor(Date.now() / 1000)),
  });
  aws = await startAwsEndpoint({
    secrets: { [SECRET_NAME]: options.secret ?? JSON.stringify({ OPENAI_ADMIN_KEY: KEY }) },
    topics: [TOPIC],
    failPublishes: options.failPublishes ?? 0,
  });
  return { sim, aws };
}

/** Runs the bundle's handler in a child Node process, once per event, like a warm Lambda container. */
async function invoke(
  events: unknown[],
  env: Record<string, string> = {},
  node = process.execPath,
) {
  const resultFile = join(mkdtempSync(join(tmpdir(), "sweep-e2e-")), "results.jsonl");
  const { stdout, stderr } = await promisify(execFile)(
    node,
    [RUNNER, BUNDLE, JSON.stringify(events)],
    {
      cwd: ROOT,
      env: {
        // Only what a Lambda would have: nothing inherited from the developer's shell.
        PATH: process.env.PATH ?? "",
        AWS_LAMBDA_FUNCTION_NAME: "openai-cert-sweeper-e2e",
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIAE2ETEST",
        AWS_SECRET_ACCESS_KEY: "e2e-secret",
        AWS_SESSION_TOKEN: "e2e-session",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_ENDPOINT_URL_SNS: aws?.url ?? "",
        AWS_ENDPOINT_URL_SECRETS_MANAGER: aws?.url ?? "",
        OPENAI_ADMIN_KEY_SECRET_ID: SECRET_NAME,
        OPENAI_BASE_URL: sim?.url ?? "",
        SNS_TOPIC_ARN: TOPIC,
        E2E_RESULT_FILE: resultFile,
        ...env,
      },
    },
  );
  const invocations = readFileSync(resultFile, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Invocation);
  return { invocations, stdout, stderr };
}

describe("the built Lambda bundle", () => {
  it.each(RUNTIMES)(
    "on %s: sweeps with the key from Secrets Manager, publishes to SNS, and reads the secret once while warm",
    async (_label, major) => {
      const { path: node, version } = nodeOfMajor(major);
      const { sim, aws } = await start();
      const { invocations, stdout, stderr } = await invoke(
        [scheduledEvent("evt-1"), scheduledEvent("evt-2")],
        { NOTIFY_ON: "always" },
        node,
      );
      expect(invocations[0]?.node).toBe(version);

      expect(invocations[0]).toMatchObject({
        ok: true,
        result: { run_id: "evt-1", outcome: "deactivated", published_messages: 1 },
      });
      expect(invocations[0]?.result?.counts.certificates_deactivated).toBe(3);
      expect(invocations[1]).toMatchObject({
        ok: true,
        result: { run_id: "evt-2", outcome: "nothing_to_do" },
      });
      expect(sim.activeInProject("proj_payments")).toEqual(["cert_checkout_edge_2026"]);
      expect(aws.secretRequests).toEqual([SECRET_NAME]);

      expect(aws.publishes).toHaveLength(2);
      const first = aws.publishes[0];
      expect(first).toMatchObject({ topicArn: TOPIC, messageStructure: "json" });
      expect(first?.messageAttributes.outcome).toEqual({
        dataType: "String",
        stringValue: "deactivated",
      });
      expect(first?.messageAttributes.deactivated_count).toEqual({
        dataType: "Number",
        stringValue: "3",
      });
      const envelope = JSON.parse(first?.message ?? "{}") as { default: string; email: string };
      const report = v.parse(ReportSchema, JSON.parse(envelope.default));
      expect(report).toMatchObject({ run_id: "evt-1", outcome: "deactivated" });
      expect(envelope.email).toContain("payments-gateway-ca-2025");

      // One JSON summary line per run, carrying the run id and the Lambda request id.
      const lines = stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.filter((l) => l.message === "sweep finished").map((l) => l.run_id)).toEqual([
        "evt-1",
        "evt-2",
      ]);
      const logLines = lines.filter((l) => "message" in l);
      expect(logLines.every((l) => typeof l.function_request_id === "string")).toBe(true);

      // Metrics as CloudWatch embedded metric format, one record per run; the heartbeat beats.
      const emf = lines.filter((l) => "_aws" in l);
      expect(emf).toHaveLength(2);
      expect(emf[0]).toMatchObject({
        _aws: {
          CloudWatchMetrics: [{ Namespace: "OpenAICertSweeper", Dimensions: [["service"]] }],
        },
        service: "openai-cert-sweeper",
        CertificatesDeactivated: 3,
        CertificatesHeldBack: 1,
        RunCompleted: 1,
      });
      expect(`${stdout}${stderr}${JSON.stringify(invocations)}`).not.toContain(KEY);
    },
  );

  it("publishes the failure and then throws when the secret holds a rejected key", async () => {
    const { aws } = await start({ secret: "sk-admin-revoked-9a8b7c6d5e4f3a2b1c" });
    const { invocations, stdout, stderr } = await invoke([scheduledEvent("evt-bad")]);

    expect(invocations[0]).toMatchObject({ ok: false, errorType: "SweepFailedError" });
    expect(invocations[0]?.errorMessage).toContain("evt-bad");
    // Read again once (it may have been rotated) before the run failed.
    expect(aws.secretRequests).toHaveLength(2);
    expect(aws.publishes).toHaveLength(1);
    expect(aws.publishes[0]?.messageAttributes.outcome?.stringValue).toBe("failed");
    const everything = `${stdout}${stderr}${JSON.stringify(invocations)}${JSON.stringify(aws.publishes)}`;
    expect(everything).not.toContain("revoked-9a8b7c6d5e4f3a2b1c");
    expect(everything).not.toContain("sk-admi");
  });

  it('runs a manual invocation with {"dry_run": true} as a dry run, whatever DRY_RUN says', async () => {
    const { sim, aws } = await start();
    const { invocations } = await invoke([{ dry_run: true }], { DRY_RUN: "false" });

    expect(invocations[0]).toMatchObject({
      ok: true,
      result: { outcome: "planned", dry_run: true },
    });
    expect(invocations[0]?.result?.run_id).toMatch(/^manual-/);
    expect(sim.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    expect(aws.publishes[0]?.messageAttributes.dry_run?.stringValue).toBe("true");
  });

  it("survives a transient SNS failure through the SDK's retry", async () => {
    const { aws } = await start({ failPublishes: 1 });
    const { invocations } = await invoke([scheduledEvent("evt-retry")]);

    expect(invocations[0]).toMatchObject({ ok: true, result: { published_messages: 1 } });
    expect(aws.publishAttempts).toBe(2);
    expect(aws.publishes).toHaveLength(1);
  });

  it("fails on invalid configuration before any API call, naming the variable, with a log line", async () => {
    const { sim, aws } = await start();
    const { invocations, stderr } = await invoke([scheduledEvent("evt-config")], {
      CONCURRENCY: "lots",
    });

    expect(invocations[0]).toMatchObject({ ok: false, errorType: "ConfigError" });
    expect(invocations[0]?.errorMessage).toContain("CONCURRENCY");
    expect(sim.requests).toHaveLength(0);
    expect(aws.secretRequests).toHaveLength(0);
    expect(aws.publishAttempts).toBe(0);
    // Powertools writes ERROR lines to stderr; Lambda sends both streams to CloudWatch.
    const line = JSON.parse(stderr.trim().split("\n").at(-1) ?? "") as Record<string, unknown>;
    expect(line).toMatchObject({ level: "ERROR", message: "sweep finished", run_id: "evt-config" });
    expect(String(line.error)).toContain("CONCURRENCY");
  });

  it("refuses a payload whose dry_run is not true or false, doing nothing and saying why", async () => {
    const { sim, aws } = await start();
    const { invocations, stderr } = await invoke([{ dry_run: "true" }]);

    expect(invocations[0]).toMatchObject({ ok: false, errorType: "InvocationError" });
    expect(invocations[0]?.errorMessage).toContain("dry_run must be true or false");
    expect(sim.requests).toHaveLength(0);
    expect(aws.secretRequests).toHaveLength(0);
    const line = JSON.parse(stderr.trim().split("\n").at(-1) ?? "") as Record<string, unknown>;
    expect(line).toMatchObject({ level: "ERROR", message: "sweep finished" });
    expect(String(line.run_id)).toMatch(/^manual-/);
  });

  it("refuses to run deployed without a topic or with the key in a plain variable", async () => {
    await start();
    const noTopic = await invoke([scheduledEvent("evt-no-topic")], { SNS_TOPIC_ARN: "" });
    expect(noTopic.invocations[0]?.errorMessage).toContain("SNS_TOPIC_ARN must be set");

    const plainKey = await invoke([scheduledEvent("evt-plain-key")], {
      OPENAI_ADMIN_KEY_SECRET_ID: "",
      OPENAI_ADMIN_KEY: KEY,
    });
    expect(plainKey.invocations[0]?.errorMessage).toContain(
      "OPENAI_ADMIN_KEY is for local runs only",
    );
    expect(
      `${plainKey.stdout}${plainKey.stderr}${JSON.stringify(plainKey.invocations)}`,
    ).not.toContain(KEY);
  });

  it("does not contain the simulator, the demo or any test code", () => {
    const meta = JSON.parse(readFileSync(join(ROOT, "dist/sweep/meta.json"), "utf8")) as {
      inputs: Record<string, unknown>;
    };
    const inputs = Object.keys(meta.inputs);
    expect(inputs).toContain("functions/sweep.ts");
    expect(
      inputs.filter(
        (i) => i.startsWith("lib/simulator/") || i.startsWith("lib/demo/") || i.startsWith("test/"),
      ),
    ).toEqual([]);
  });
});
