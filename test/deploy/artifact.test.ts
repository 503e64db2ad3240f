import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { promisify } from "node:util";
import * as v from "valibot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import { type Simulator, startSimulator } from "../../lib/simulator/server.js";
import { type AwsEndpoint, startAwsEndpoint } from "../support/aws-endpoint.js";
import { nodeOfMajor } from "../support/platform.js";
import { idsOfType, property, resource, type Template } from "./cfn.js";
import { deployedTemplate } from "./cfn-deployed.js";
import { packageService, removePackagingScratch, SECRET_ARN } from "./package-service.js";
import { readZip } from "./zip.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const RUNNER = join(ROOT, "test/e2e/lambda-runner.mjs");
const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const KEY = "sk-admin-deploy-7c1e5a9f03b24d68a1f2";
const EXECUTION_ID = "d32c5kddcf5bb8c3";
// The slot Scheduler fills in as <aws.scheduler.scheduled-time>: today's 06:00 UTC, the default.
const SCHEDULED_TIME = `${new Date().toISOString().slice(0, 10)}T06:00:00Z`;

const InvocationSchema = v.object({
  node: v.string(),
  ok: v.boolean(),
  result: v.optional(
    v.looseObject({
      run_id: v.string(),
      outcome: v.string(),
      counts: v.record(v.string(), v.number()),
      published_messages: v.number(),
    }),
  ),
  errorType: v.optional(v.string()),
  errorMessage: v.optional(v.string()),
});

let template: Template;
let unzipped: string;
let sim: Simulator | undefined;
let aws: AwsEndpoint | undefined;

beforeAll(async () => {
  const packaged = await packageService("test", { adminKeySecretArn: SECRET_ARN });
  template = deployedTemplate(packaged.template, { region: REGION, accountId: ACCOUNT });
  unzipped = mkdtempSync(join(tmpdir(), "sweep-unzipped-"));
  for (const [name, data] of readZip(readFileSync(packaged.zipPath))) {
    const path = normalize(join(unzipped, name));
    if (!path.startsWith(`${unzipped}/`)) throw new Error(`${name} leaves the archive`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }
}, 240_000);

afterEach(async () => {
  await sim?.close();
  await aws?.close();
  sim = undefined;
  aws = undefined;
});

afterAll(() => {
  removePackagingScratch();
  if (unzipped) rmSync(unzipped, { recursive: true, force: true });
});

/** What the function would see deployed: its template environment, the topic's real ARN. */
function deployedEnvironment(topicArn: string): Record<string, string> {
  const fn = resource(template, "SweepLambdaFunction", "AWS::Lambda::Function");
  const { Variables } = property(
    fn,
    "Environment",
    v.object({ Variables: v.record(v.string(), v.unknown()) }),
  );
  return v.parse(v.record(v.string(), v.string()), {
    ...Variables,
    SNS_TOPIC_ARN: topicArn,
  });
}

/** The event the schedule sends, with the context attributes Scheduler fills in. */
function scheduledEvent(scheduledTime: string, executionId: string): unknown {
  const target = property(
    resource(template, "SweepSchedule", "AWS::Scheduler::Schedule"),
    "Target",
    v.looseObject({ Input: v.string() }),
  );
  return JSON.parse(
    target.Input.replace("<aws.scheduler.scheduled-time>", scheduledTime).replace(
      "<aws.scheduler.execution-id>",
      executionId,
    ),
  );
}

/** Runs the unzipped artifact's handler once on the schedule's event, against fresh servers. */
async function runScheduledSweep() {
  const fn = resource(template, "SweepLambdaFunction", "AWS::Lambda::Function");
  const topic = resource(template, "SweepReportTopic", "AWS::SNS::Topic");
  const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${property(topic, "TopicName", v.string())}`;
  sim = await startSimulator({
    adminKey: KEY,
    organization: demoOrganization(Math.floor(Date.now() / 1000)),
  });
  aws = await startAwsEndpoint({
    secrets: { [SECRET_ARN]: JSON.stringify({ OPENAI_ADMIN_KEY: KEY }) },
    topics: [topicArn],
  });

  // The Node of the runtime the template deploys (nodejs24.x: Node 24).
  const runtime = property(fn, "Runtime", v.string());
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  if (major === undefined) throw new Error(`the template's Runtime is not a Node one: ${runtime}`);
  const node = nodeOfMajor(Number(major));
  const resultFile = join(unzipped, "results.jsonl");
  const event = scheduledEvent(SCHEDULED_TIME, EXECUTION_ID);
  const { stdout, stderr } = await promisify(execFile)(
    node.path,
    [RUNNER, join(unzipped, "dist/sweep/index.mjs"), JSON.stringify([event])],
    {
      cwd: unzipped,
      env: {
        // Only what the Lambda would have, plus loopback endpoints for the APIs it calls.
        PATH: process.env.PATH ?? "",
        ...deployedEnvironment(topicArn),
        OPENAI_BASE_URL: sim.url,
        AWS_LAMBDA_FUNCTION_NAME: property(fn, "FunctionName", v.string()),
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: "AKIADEPLOYTEST",
        AWS_SECRET_ACCESS_KEY: "deploy-secret",
        AWS_SESSION_TOKEN: "deploy-session",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_ENDPOINT_URL_SNS: aws.url,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
        E2E_FUNCTION_TIMEOUT_MS: String(property(fn, "Timeout", v.number()) * 1000),
        E2E_RESULT_FILE: resultFile,
      },
    },
  );
  const invocations = readFileSync(resultFile, "utf8")
    .trim()
    .split("\n")
    .map((line) => v.parse(InvocationSchema, JSON.parse(line)));
  return { sim, aws, topicArn, node, invocations, stdout, stderr };
}

// Embedded metric format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
const EmfSchema = v.looseObject({
  _aws: v.object({
    Timestamp: v.number(),
    CloudWatchMetrics: v.array(
      v.object({
        Namespace: v.string(),
        Dimensions: v.array(v.array(v.string())),
        Metrics: v.array(v.looseObject({ Name: v.string() })),
      }),
    ),
  }),
});

/** The lines of a process's output that are JSON values (Lambda passes the others through). */
function jsonLines(output: string): unknown[] {
  return output.split("\n").flatMap((line) => {
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      return [];
    }
  });
}

// A line of the handler's own log (Powertools Logger): JSON with a message.
const LogLineSchema = v.looseObject({ message: v.string() });

const AlarmSchema = v.looseObject({
  Namespace: v.string(),
  MetricName: v.string(),
  Dimensions: v.array(v.object({ Name: v.string(), Value: v.unknown() })),
});

describe("the packaged artifact, run once by the schedule's event with the deployed settings", () => {
  it("deactivates the demo organization's due certificates and publishes one report", async () => {
    const { sim, aws, topicArn, node, invocations, stdout, stderr } = await runScheduledSweep();

    expect(invocations).toHaveLength(1);
    expect(invocations[0]?.node).toBe(node.version);
    // The run id is the slot's scheduled time, the same for every attempt at that slot.
    expect(invocations[0]).toMatchObject({
      ok: true,
      result: { run_id: SCHEDULED_TIME, outcome: "deactivated", published_messages: 1 },
    });
    expect(invocations[0]?.result?.counts.certificates_deactivated).toBe(3);
    expect(sim.activeInProject("proj_payments")).toEqual(["cert_checkout_edge_2026"]);
    expect(sim.activeInProject("proj_checkout")).toEqual(["cert_checkout_edge_2026"]);
    // Held back: the last valid certificate of its project, 12 hours before it expires.
    expect(sim.activeInProject("proj_partner_api")).toEqual(["cert_partner_sftp_2025"]);
    expect(aws.secretRequests).toEqual([SECRET_ARN]);
    expect(aws.publishes).toHaveLength(1);
    expect(aws.publishes[0]?.topicArn).toBe(topicArn);
    expect(`${stdout}${stderr}`).not.toContain(KEY);
  });

  it("logs JSON lines that each carry the run id and the Lambda request id", async () => {
    const { stdout, stderr } = await runScheduledSweep();
    const lines = jsonLines(`${stdout}\n${stderr}`).filter((line) => v.is(LogLineSchema, line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line, JSON.stringify(line)).toMatchObject({
        run_id: SCHEDULED_TIME,
        function_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
    // One invocation, one request id.
    expect(new Set(lines.map((line) => line.function_request_id)).size).toBe(1);
  });

  it("emits every metric an alarm watches, in the alarm's namespace and dimensions, with the heartbeat at 1", async () => {
    const { stdout } = await runScheduledSweep();
    const records = jsonLines(stdout).filter((line) => v.is(EmfSchema, line));
    expect(records.length).toBeGreaterThan(0);

    const custom = idsOfType(template, "AWS::CloudWatch::Alarm")
      .map((id) =>
        v.parse(AlarmSchema, resource(template, id, "AWS::CloudWatch::Alarm").Properties),
      )
      // The function's own metrics; AWS services publish theirs (AWS/Lambda, AWS/SQS).
      .filter((alarm) => !alarm.Namespace.startsWith("AWS/"));
    expect(custom.map((alarm) => alarm.MetricName).sort()).toEqual([
      "CapTripped",
      "CertificatesFailed",
      "RunCompleted",
    ]);
    for (const alarm of custom) {
      const names = alarm.Dimensions.map((d) => d.Name).sort();
      const feeding = records.filter(
        (record) =>
          record._aws.CloudWatchMetrics.some(
            (set) =>
              set.Namespace === alarm.Namespace &&
              set.Metrics.some((m) => m.Name === alarm.MetricName) &&
              set.Dimensions.some((dims) => [...dims].sort().join() === names.join()),
          ) && alarm.Dimensions.every((d) => record[d.Name] === d.Value),
      );
      expect(feeding, alarm.MetricName).toHaveLength(1);
    }
    const values = records.find((record) => "RunCompleted" in record);
    expect(values).toMatchObject({ RunCompleted: 1, CertificatesFailed: 0, CapTripped: 0 });
  });
});
