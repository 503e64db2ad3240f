// Two choices a stage makes beyond the sweep's settings: where the alarms notify (alarmTopicArn)
// and whether its log group outlives the stack (logGroupDeletionPolicy, Retain for prod).
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idsOfType, property, ref, resource, type Template } from "./cfn.js";
import { deployedTemplate } from "./cfn-deployed.js";
import { packageService, removePackagingScratch, SECRET_ARN } from "./package-service.js";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
// An existing topic of the operator's for the alarms.
const ALARM_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:ops-alarms`;

let test: Template;
let prod: Template;
let raw: Template;

beforeAll(async () => {
  const [a, b] = await Promise.all([
    packageService("test", { adminKeySecretArn: SECRET_ARN }),
    packageService("prod", { adminKeySecretArn: SECRET_ARN, alarmTopicArn: ALARM_TOPIC }),
  ]);
  raw = a.template;
  test = deployedTemplate(a.template, { region: REGION, accountId: ACCOUNT });
  prod = deployedTemplate(b.template, { region: REGION, accountId: ACCOUNT });
}, 240_000);

afterAll(() => removePackagingScratch());

const alarms = (template: Template) =>
  idsOfType(template, "AWS::CloudWatch::Alarm").map((id) => ({
    id,
    ...v.parse(
      v.looseObject({ AlarmActions: v.array(v.unknown()), OKActions: v.array(v.unknown()) }),
      resource(template, id, "AWS::CloudWatch::Alarm").Properties,
    ),
  }));

describe("alarmTopicArn", () => {
  it("sends every alarm's notifications to the report topic when unset", () => {
    expect(alarms(test)).toHaveLength(6);
    for (const { id, AlarmActions, OKActions } of alarms(test)) {
      expect({ AlarmActions, OKActions }, id).toEqual({
        AlarmActions: [ref("SweepReportTopic")],
        OKActions: [ref("SweepReportTopic")],
      });
    }
  });

  it("sends every alarm's notifications to that topic when set, and the reports still to the report topic", () => {
    expect(alarms(prod)).toHaveLength(6);
    for (const { id, AlarmActions, OKActions } of alarms(prod)) {
      expect({ AlarmActions, OKActions }, id).toEqual({
        AlarmActions: [ALARM_TOPIC],
        OKActions: [ALARM_TOPIC],
      });
    }
    const fn = resource(prod, "SweepLambdaFunction", "AWS::Lambda::Function");
    const env = property(
      fn,
      "Environment",
      v.object({ Variables: v.record(v.string(), v.unknown()) }),
    );
    expect(env.Variables.SNS_TOPIC_ARN).toEqual(ref("SweepReportTopic"));
  });

  it("accepts only empty or a standard SNS topic's ARN", () => {
    const pattern = new RegExp(`^(?:${raw.Parameters.AlarmTopicArn?.AllowedPattern})$`);
    for (const arn of ["", ALARM_TOPIC, "arn:aws-us-gov:sns:us-gov-west-1:123456789012:a_b-c"]) {
      expect(arn).toMatch(pattern);
    }
    for (const arn of ["ops-alarms", `${ALARM_TOPIC}.fifo`, ALARM_TOPIC.replace(ACCOUNT, "1234")]) {
      expect(arn).not.toMatch(pattern);
    }
  });
});

describe("logGroupDeletionPolicy", () => {
  const policies = (template: Template) => {
    const { DeletionPolicy, UpdateReplacePolicy } = resource(
      template,
      "SweepLogGroup",
      "AWS::Logs::LogGroup",
    );
    return { DeletionPolicy, UpdateReplacePolicy };
  };

  it("keeps prod's log group when the stack is removed or the group replaced, but not after a first deployment that rolls back", () => {
    expect(policies(prod)).toEqual({
      DeletionPolicy: "RetainExceptOnCreate",
      UpdateReplacePolicy: "Retain",
    });
  });

  it("deletes any other stage's with its stack", () => {
    expect(policies(test)).toEqual({ DeletionPolicy: "Delete", UpdateReplacePolicy: "Delete" });
  });
});
