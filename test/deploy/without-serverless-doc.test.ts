// docs/deploy-without-serverless.md against the template `osls package` writes: the IAM
// statements, the schedule's payload, the function's settings and its environment's variables.
import { readFileSync } from "node:fs";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../../lib/config/index.js";
import { ROOT } from "../support/platform.js";
import {
  getAtt,
  PolicyDocumentSchema,
  property,
  ref,
  resource,
  roleStatements,
  type Template,
} from "./cfn.js";
import { deployedTemplate } from "./cfn-deployed.js";
import { packageService, removePackagingScratch, SECRET_ARN } from "./package-service.js";

const REGION = "us-east-1";
const KMS_KEY_ARN = `arn:aws:kms:${REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const doc = readFileSync(`${ROOT}docs/deploy-without-serverless.md`, "utf8");

// What each placeholder of the page stands for in the packaged template.
const PLACEHOLDERS: Record<string, unknown> = {
  SecretArn: SECRET_ARN,
  SecretKmsKeyArn: KMS_KEY_ARN,
  SecretRegion: REGION,
  Region: REGION,
  TopicArn: ref("SweepReportTopic"),
  TopicKmsKeyArn: getAtt("SweepReportTopicKey"),
  LogGroupArn: getAtt("SweepLogGroup"),
  DeadLetterQueueArn: getAtt("SweepDeadLetterQueue"),
  FunctionArn: getAtt("SweepLambdaFunction"),
};

/** The JSON block after `<!-- marker -->`, its placeholders replaced by what they stand for. */
function documented(marker: string): unknown {
  const block = new RegExp(`<!-- ${marker} -->\\s*\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(
    doc,
  )?.[1];
  if (block === undefined) throw new Error(`no JSON block after <!-- ${marker} -->`);
  const fill = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fill);
    if (typeof node === "object" && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([k, value]) => [k, fill(value)]));
    }
    if (typeof node !== "string") return node;
    const whole = /^\$\{(\w+)\}$/.exec(node)?.[1];
    if (whole !== undefined) return PLACEHOLDERS[whole];
    return node.replace(/\$\{(\w+)\}/g, (_, name: string) => String(PLACEHOLDERS[name]));
  };
  return fill(JSON.parse(block));
}

let template: Template;

beforeAll(async () => {
  const packaged = await packageService("prod", {
    adminKeySecretArn: SECRET_ARN,
    adminKeySecretKmsKeyArn: KMS_KEY_ARN,
  });
  template = deployedTemplate(packaged.template, { region: REGION, accountId: "123456789012" });
}, 240_000);

afterAll(() => removePackagingScratch());

const fn = (name: string) =>
  property(resource(template, "SweepLambdaFunction", "AWS::Lambda::Function"), name, v.unknown());

describe("docs/deploy-without-serverless.md", () => {
  it("gives the function's role exactly the statements the template grants", () => {
    const policy = v.parse(PolicyDocumentSchema, documented("function-policy"));
    expect(policy.Statement).toEqual(roleStatements(template, "SweepFunctionRole"));
  });

  it("gives the schedule's role exactly the statement the template grants", () => {
    const policy = v.parse(PolicyDocumentSchema, documented("schedule-policy"));
    expect(policy.Statement).toEqual(roleStatements(template, "SweepScheduleRole"));
  });

  it("shows the schedule's payload as the template writes it", () => {
    const schedule = resource(template, "SweepSchedule", "AWS::Scheduler::Schedule");
    const target = property(schedule, "Target", v.looseObject({ Input: v.string() }));
    expect(documented("schedule-input")).toEqual(JSON.parse(target.Input));
  });

  it("states the function's runtime, architecture, memory, timeout and concurrency", () => {
    expect(doc).toMatch(new RegExp(`\\| runtime +\\| \`${fn("Runtime")}\``));
    expect(doc).toMatch(new RegExp(`\\| architecture +\\| \`${[fn("Architectures")].flat()[0]}\``));
    expect(doc).toMatch(new RegExp(`\\| memory +\\| ${fn("MemorySize")} MB`));
    expect(doc).toMatch(new RegExp(`\\| timeout +\\| ${fn("Timeout")} s`));
    expect(doc).toMatch(
      new RegExp(`\\| reserved concurrency +\\| ${fn("ReservedConcurrentExecutions")} `),
    );
  });

  it("names every variable the template sets that is not a sweep setting", () => {
    const environment = v.parse(
      v.object({ Variables: v.record(v.string(), v.unknown()) }),
      fn("Environment"),
    );
    const others = Object.keys(environment.Variables).filter(
      (name) =>
        !CONFIG_VARIABLES.includes(name) || name.startsWith("OPENAI_") || name === "SNS_TOPIC_ARN",
    );
    expect(others.length).toBeGreaterThan(4);
    for (const name of others) expect(doc).toContain(`| \`${name}\``);
  });
});
