import { readFileSync } from "node:fs";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, parseConfig } from "../../lib/config/index.js";
import { SETTING_PARAMS, variableOf } from "../../lib/deploy/index.js";
import { parseInvocation } from "../../lib/job/invocation.js";
import {
  getAtt,
  idsOfType,
  intrinsic,
  PolicyDocumentSchema,
  property,
  ref,
  resource,
  roleStatements,
  type Statement,
  type Template,
} from "./cfn.js";
import { deployedArn, deployedTemplate } from "./cfn-deployed.js";
import { packageService, removePackagingScratch, SECRET_ARN } from "./package-service.js";
import { readZip } from "./zip.js";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const EMAIL = "ops@example.com";
const DEPLOYMENT = { region: REGION, accountId: ACCOUNT };

const FUNCTION = "SweepLambdaFunction";
const ROLE = "SweepFunctionRole";
const TOPIC = ref("SweepReportTopic");

// The role's permissions, whole: any change here is a change to what the function may do.
const SECRET_STATEMENT = {
  Sid: "ReadAdminKeySecret",
  Effect: "Allow",
  Action: "secretsmanager:GetSecretValue",
  Resource: SECRET_ARN,
};
const KMS_STATEMENT = {
  Sid: "DecryptAdminKeySecret",
  Effect: "Allow",
  Action: "kms:Decrypt",
  Resource: KMS_KEY_ARN,
  Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } },
};
const OTHER_STATEMENTS = [
  { Sid: "PublishReports", Effect: "Allow", Action: "sns:Publish", Resource: TOPIC },
  // Publishing to the KMS-encrypted topic: SNS uses the key as the publisher, and only SNS may.
  {
    Sid: "UseTopicKeyThroughSns",
    Effect: "Allow",
    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
    Resource: getAtt("SweepReportTopicKey"),
    Condition: { StringEquals: { "kms:ViaService": `sns.${REGION}.amazonaws.com` } },
  },
  {
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: getAtt("SweepLogGroup"),
  },
  {
    Sid: "SendFailedInvocations",
    Effect: "Allow",
    Action: "sqs:SendMessage",
    Resource: getAtt("SweepDeadLetterQueue"),
  },
];

let plain: Template;
let custom: Template;
let rawPlain: Template;
/** `npx osls package` with no stage and no param, as on a fresh clone (not resolved). */
let bare: Template;
let zipPath: string;

beforeAll(async () => {
  const [a, b, c] = await Promise.all([
    packageService("test", { adminKeySecretArn: SECRET_ARN }),
    packageService("prod", {
      adminKeySecretArn: SECRET_ARN,
      adminKeySecretKmsKeyArn: KMS_KEY_ARN,
      alarmEmail: EMAIL,
      scheduleEnabled: "false",
      missedRunAlarmHours: "74",
    }),
    packageService(undefined, {}),
  ]);
  rawPlain = a.template;
  zipPath = a.zipPath;
  plain = deployedTemplate(a.template, DEPLOYMENT);
  custom = deployedTemplate(b.template, DEPLOYMENT);
  bare = c.template;
}, 240_000);

afterAll(() => removePackagingScratch());

const actionsOf = (statements: Statement[]) =>
  statements.flatMap((s) => (typeof s.Action === "string" ? [s.Action] : s.Action)).sort();

/** The parameters whose default their own constraints reject: CloudFormation refuses to deploy. */
const rejectedDefaults = (template: Template) =>
  Object.entries(template.Parameters)
    .filter(([, parameter]) => {
      const value = parameter.Default ?? "";
      if (parameter.AllowedPattern && !new RegExp(parameter.AllowedPattern).test(value)) {
        return true;
      }
      return parameter.AllowedValues !== undefined && !parameter.AllowedValues.includes(value);
    })
    .map(([name]) => name);

/** A parameter's AllowedPattern, as the regular expression CloudFormation evaluates. */
const allowedPattern = (template: Template, name: string) =>
  new RegExp(v.parse(v.string(), template.Parameters[name]?.AllowedPattern));

describe("packaging", () => {
  it('packages without any param, as on a fresh clone: the secret\'s ARN then defaults to "", which CloudFormation rejects at deploy time', () => {
    expect(bare.Parameters.AdminKeySecretArn?.Default).toBe("");
    const pattern = allowedPattern(bare, "AdminKeySecretArn");
    expect("").not.toMatch(pattern);
    expect(SECRET_ARN).toMatch(pattern);
    // CloudFormation validates every parameter before it changes anything: that one default
    // stops the deployment, and nothing else does.
    expect(rejectedDefaults(bare)).toEqual(["AdminKeySecretArn"]);
    // It is still the same stack, on the framework's default stage.
    expect(resource(bare, FUNCTION, "AWS::Lambda::Function").Properties.FunctionName).toBe(
      "openai-cert-sweeper-dev-sweep",
    );
  });

  it("gives every CloudFormation parameter a default its own constraints accept", () => {
    for (const template of [plain, custom]) {
      for (const [name, parameter] of Object.entries(template.Parameters)) {
        const value = parameter.Default ?? "";
        if (parameter.AllowedPattern) {
          expect(value, name).toMatch(new RegExp(parameter.AllowedPattern));
        }
        if (parameter.AllowedValues) expect(parameter.AllowedValues, name).toContain(value);
      }
      expect(rejectedDefaults(template)).toEqual([]);
    }
  });

  it("rejects a secret given by name or without its suffix", () => {
    const pattern = new RegExp(rawPlain.Parameters.AdminKeySecretArn?.AllowedPattern ?? "^$");
    expect("openai-admin").not.toMatch(pattern);
    expect(`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:openai-admin`).not.toMatch(pattern);
  });
});

describe("the function", () => {
  it("runs the packaged bundle's handler on nodejs24.x, arm64, 256 MB, 900 s", () => {
    const fn = resource(plain, FUNCTION, "AWS::Lambda::Function");
    expect(fn.Properties).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      MemorySize: 256,
      Timeout: 900,
      Handler: "dist/sweep/index.handler",
    });

    // Lambda's Node runtime loads <module>.mjs, .cjs or .js for handler "<module>.<export>".
    const handler = property(fn, "Handler", v.string());
    const module = handler.slice(0, handler.lastIndexOf("."));
    const files = [...readZip(readFileSync(zipPath)).keys()].sort();
    expect(files).toEqual(["dist/sweep/index.mjs", "dist/sweep/index.mjs.map"]);
    expect([".mjs", ".cjs", ".js"].map((ext) => `${module}${ext}`)).toContain(files[0]);
  });

  it("never overlaps itself: reserved concurrency 1", () => {
    expect(resource(plain, FUNCTION, "AWS::Lambda::Function").Properties).toMatchObject({
      ReservedConcurrentExecutions: 1,
    });
  });

  it("does not retry a failed scheduled run, drops events older than an hour, and sends failures to the dead-letter queue", () => {
    const [id, ...others] = idsOfType(plain, "AWS::Lambda::EventInvokeConfig");
    expect(others).toEqual([]);
    const config = resource(plain, id ?? "", "AWS::Lambda::EventInvokeConfig");
    expect(config.Properties).toEqual({
      FunctionName: ref(FUNCTION),
      Qualifier: "$LATEST",
      // The run retries transient failures itself; a Lambda retry would repeat a deterministic
      // failure and send a duplicate report.
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt("SweepDeadLetterQueue") } },
    });
    // Lambda checks the role may send to the destination when the config is created.
    expect(config.DependsOn).toContain("SweepFunctionPolicy");
  });

  it("keeps failed invocations 14 days in an SQS-encrypted queue", () => {
    expect(resource(plain, "SweepDeadLetterQueue", "AWS::SQS::Queue").Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it("gets the secret's ARN, the topic, the heap limits, Powertools names and the sweep defaults as its environment", () => {
    const fn = resource(plain, FUNCTION, "AWS::Lambda::Function");
    const env = property(
      fn,
      "Environment",
      v.object({ Variables: v.record(v.string(), v.unknown()) }),
    );
    expect(env.Variables).toEqual({
      OPENAI_ADMIN_KEY_SECRET_ID: SECRET_ARN,
      SNS_TOPIC_ARN: TOPIC,
      NODE_OPTIONS: "--max-semi-space-size=1 --max-old-space-size=96",
      POWERTOOLS_SERVICE_NAME: "openai-cert-sweeper-test",
      POWERTOOLS_METRICS_NAMESPACE: "OpenAICertSweeper",
      DEACTIVATE_WITHIN_DAYS: "1",
      WARN_WITHIN_DAYS: "14",
      DRY_RUN: "false",
      MAX_DEACTIVATIONS_PER_RUN: "20",
      CONCURRENCY: "8",
      NOTIFY_ON: "changes",
      INCLUDE_PROJECTS: "",
      EXCLUDE_PROJECTS: "",
      INCLUDE_ARCHIVED_PROJECTS: "false",
      WARN_TIERS_DAYS: "",
      SCHEDULE_PERIOD_HOURS: "24",
      DIGEST_WEEKDAY: "",
      DEACTIVATE_ORGANIZATION_CERTIFICATES: "false",
      PROTECT_LAST_VALID_CERTIFICATE: "true",
      ACTIVATE_REPLACEMENTS: "false",
    });

    // Each setting through its CloudFormation parameter, which validates it before any change.
    const raw = property(
      resource(rawPlain, FUNCTION, "AWS::Lambda::Function"),
      "Environment",
      v.object({ Variables: v.record(v.string(), v.unknown()) }),
    ).Variables;
    for (const param of SETTING_PARAMS) {
      const parameter = `${param[0]?.toUpperCase()}${param.slice(1)}`;
      expect(raw[variableOf(param)], param).toEqual(ref(parameter));
      expect(rawPlain.Parameters[parameter], param).toBeDefined();
    }

    // Every setting the function reads is deployed, except the key itself (never in a variable)
    // and the API's base URL (its default is the real API).
    const deployed = CONFIG_VARIABLES.filter((name) => name in env.Variables);
    expect(CONFIG_VARIABLES.filter((name) => !deployed.includes(name)).sort()).toEqual([
      "OPENAI_ADMIN_KEY",
      "OPENAI_BASE_URL",
    ]);
    // And the function accepts them under its deployed rules.
    const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:openai-cert-sweeper-test-sweep-reports`;
    const strings = v.parse(v.record(v.string(), v.string()), {
      ...env.Variables,
      SNS_TOPIC_ARN: topicArn,
    });
    expect(parseConfig(strings, { deployed: true })).toMatchObject({
      organization: { adminKey: { source: "secret", secretId: SECRET_ARN } },
      delivery: { snsTopicArn: topicArn },
      enforcement: { dryRun: false },
      filter: { include: [] },
    });
  });

  it("logs to its own log group with a retention period, and to no other", () => {
    const fn = resource(plain, FUNCTION, "AWS::Lambda::Function");
    expect(idsOfType(plain, "AWS::Logs::LogGroup")).toEqual(["SweepLogGroup"]);
    expect(fn.Properties.LoggingConfig).toBeUndefined();
    expect(fn.DependsOn).toContain("SweepLogGroup");
    const name = property(fn, "FunctionName", v.string());
    expect(resource(plain, "SweepLogGroup", "AWS::Logs::LogGroup").Properties).toEqual({
      LogGroupName: `/aws/lambda/${name}`,
      RetentionInDays: 90,
    });
    // The prod stage's own param.
    expect(resource(custom, "SweepLogGroup", "AWS::Logs::LogGroup").Properties).toMatchObject({
      RetentionInDays: 365,
    });
  });
});

describe("IAM", () => {
  it("gives the function its own role, not the framework's default one", () => {
    expect(resource(plain, FUNCTION, "AWS::Lambda::Function").Properties.Role).toEqual(
      getAtt(ROLE),
    );
    expect(idsOfType(plain, "AWS::IAM::Role").sort()).toEqual([ROLE, "SweepScheduleRole"]);
    const role = resource(plain, ROLE, "AWS::IAM::Role");
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.PermissionsBoundary).toBeUndefined();
    expect(property(role, "AssumeRolePolicyDocument", PolicyDocumentSchema).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });

  it("allows the function exactly: read the secret, publish to the topic (with its key, through SNS), write its logs, send to its queue", () => {
    expect(roleStatements(plain, ROLE)).toEqual([SECRET_STATEMENT, ...OTHER_STATEMENTS]);
    expect(actionsOf(roleStatements(plain, ROLE))).toEqual([
      "kms:Decrypt",
      "kms:GenerateDataKey*",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "secretsmanager:GetSecretValue",
      "sns:Publish",
      "sqs:SendMessage",
    ]);
  });

  it("adds kms:Decrypt on the secret's key, through Secrets Manager only, when that key is configured", () => {
    expect(roleStatements(custom, ROLE)).toEqual([
      SECRET_STATEMENT,
      KMS_STATEMENT,
      ...OTHER_STATEMENTS,
    ]);
  });

  it("grants nothing on Resource '*' in any role", () => {
    for (const template of [plain, custom]) {
      for (const id of idsOfType(template, "AWS::IAM::Role")) {
        for (const statement of roleStatements(template, id)) {
          const resources = [statement.Resource].flat();
          expect(resources.length, statement.Sid).toBeGreaterThan(0);
          for (const r of resources) {
            // A literal ARN without wildcards, or a reference to one resource of the stack.
            if (typeof r === "string") expect(r, statement.Sid).not.toContain("*");
            else expect(intrinsic(r)[0], statement.Sid).toMatch(/^(Ref|Fn::GetAtt)$/);
          }
        }
      }
    }
  });

  it("has one wildcard once references resolve: the function's own log group's ARN, for its streams", () => {
    for (const template of [plain, custom]) {
      const name = property(
        resource(template, FUNCTION, "AWS::Lambda::Function"),
        "FunctionName",
        v.string(),
      );
      const resolved = idsOfType(template, "AWS::IAM::Role").flatMap((id) =>
        roleStatements(template, id).flatMap((statement) =>
          [statement.Resource]
            .flat()
            .map((r) => [statement.Sid, deployedArn(template, r, DEPLOYMENT)]),
        ),
      );
      expect(resolved.filter(([, arn]) => arn?.includes("*"))).toEqual([
        ["WriteOwnLogs", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${name}:*`],
      ]);
    }
  });
});

describe("the schedule", () => {
  const schedule = (template: Template) =>
    resource(template, "SweepSchedule", "AWS::Scheduler::Schedule");

  it("runs daily at 06:00 UTC at the set time, enabled by default", () => {
    expect(schedule(plain).Properties).toMatchObject({
      ScheduleExpression: "cron(0 6 * * ? *)",
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      GroupName: ref("SweepScheduleGroup"),
    });
  });

  it("is deployed disabled with scheduleEnabled=false", () => {
    expect(schedule(custom).Properties.State).toBe("DISABLED");
  });

  it("invokes the function with the scheduled time as the run id, retrying the hand-off for an hour at most", () => {
    const target = property(
      schedule(plain),
      "Target",
      v.object({
        Arn: v.unknown(),
        RoleArn: v.unknown(),
        Input: v.string(),
        RetryPolicy: v.unknown(),
      }),
    );
    expect(target.Arn).toEqual(getAtt(FUNCTION));
    expect(target.RoleArn).toEqual(getAtt("SweepScheduleRole"));
    // The scheduled time is the same for every attempt at one slot; the execution id is unique
    // per attempt, so it is not the run id.
    expect(JSON.parse(target.Input)).toEqual({
      id: "<aws.scheduler.scheduled-time>",
      execution_id: "<aws.scheduler.execution-id>",
      source: "aws.scheduler",
    });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 });

    // Two attempts at one slot, as Scheduler fills them in, are one run to the function.
    const attempt = (executionId: string) =>
      parseInvocation(
        JSON.parse(
          target.Input.replace("<aws.scheduler.scheduled-time>", "2026-11-28T06:00:00Z").replace(
            "<aws.scheduler.execution-id>",
            executionId,
          ),
        ),
        `request-${executionId}`,
      ).runId;
    expect(attempt("d32c5kddcf5bb8c3")).toBe("2026-11-28T06:00:00Z");
    expect(attempt("a71f0e9b2c4d6e8f")).toBe("2026-11-28T06:00:00Z");
  });

  it("uses a role that can only invoke this function, assumable only by this account's schedule group", () => {
    const role = resource(plain, "SweepScheduleRole", "AWS::IAM::Role");
    expect(roleStatements(plain, "SweepScheduleRole")).toEqual([
      {
        Sid: "InvokeSweepFunction",
        Effect: "Allow",
        Action: "lambda:InvokeFunction",
        Resource: getAtt(FUNCTION),
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(property(role, "AssumeRolePolicyDocument", PolicyDocumentSchema).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: {
            "aws:SourceAccount": ACCOUNT,
            "aws:SourceArn": getAtt("SweepScheduleGroup"),
          },
        },
      },
    ]);
  });
});

describe("alarms", () => {
  // Per stage, so that two stages in one account never satisfy each other's missed-run alarm.
  const SERVICE = [{ Name: "service", Value: "openai-cert-sweeper-test" }];
  const event = { Statistic: "Sum", Period: 300, EvaluationPeriods: 1 };
  const ALARMS: [string, string, Record<string, unknown>][] = [
    [
      "invocation errors >= 1",
      "SweepErrorsAlarm",
      {
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: ref(FUNCTION) }],
        ...event,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
      },
    ],
    [
      "no completed run in 26 hours",
      "SweepMissedRunAlarm",
      {
        Namespace: "OpenAICertSweeper",
        MetricName: "RunCompleted",
        Dimensions: SERVICE,
        Statistic: "Sum",
        Period: 3600,
        // The MissedRunAlarmHours parameter: Ref gives a parameter's value as a string, which
        // CloudFormation converts for these integer properties.
        EvaluationPeriods: "26",
        DatapointsToAlarm: "26",
        Threshold: 1,
        ComparisonOperator: "LessThanThreshold",
        TreatMissingData: "breaching",
      },
    ],
    [
      "deactivation failures > 0",
      "SweepDeactivationFailuresAlarm",
      {
        Namespace: "OpenAICertSweeper",
        MetricName: "CertificatesFailed",
        Dimensions: SERVICE,
        ...event,
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
      },
    ],
    [
      "the safety cap tripped",
      "SweepCapTrippedAlarm",
      {
        Namespace: "OpenAICertSweeper",
        MetricName: "CapTripped",
        Dimensions: SERVICE,
        ...event,
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
      },
    ],
    [
      "an event in the dead-letter queue",
      "SweepDeadLetterQueueAlarm",
      {
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: getAtt("SweepDeadLetterQueue", "QueueName") }],
        ...event,
        Statistic: "Maximum",
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
      },
    ],
    [
      "an event Lambda could not deliver to the dead-letter queue",
      "SweepLostEventsAlarm",
      {
        Namespace: "AWS/Lambda",
        MetricName: "DestinationDeliveryFailures",
        Dimensions: [{ Name: "FunctionName", Value: ref(FUNCTION) }],
        ...event,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
      },
    ],
  ];

  it.each(ALARMS)("alarms on %s and notifies the report topic", (_what, id, watches) => {
    const alarm = resource(plain, id, "AWS::CloudWatch::Alarm");
    expect(alarm.Properties).toMatchObject(watches);
    expect(alarm.Properties.AlarmActions).toEqual([TOPIC]);
    expect(alarm.Properties.OKActions).toEqual([TOPIC]);
  });

  it("says in each alarm's description what happened and what to do about it", () => {
    const description = (id: string) =>
      property(resource(plain, id, "AWS::CloudWatch::Alarm"), "AlarmDescription", v.string());
    expect(description("SweepDeadLetterQueueAlarm")).toContain(
      "invoke the function once (every run is idempotent, so a rerun is safe), then delete the message",
    );
    expect(description("SweepLostEventsAlarm")).toContain("so the event is lost");
    // PutMetricAlarm's limit: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
    for (const [, id] of ALARMS) expect(description(id).length, id).toBeLessThanOrEqual(1024);
  });

  it("has no other alarm", () => {
    expect(idsOfType(plain, "AWS::CloudWatch::Alarm").sort()).toEqual(
      ALARMS.map(([, id]) => id).sort(),
    );
  });

  const lookBack = (template: Template) => {
    const alarm = resource(template, "SweepMissedRunAlarm", "AWS::CloudWatch::Alarm");
    const { Period, EvaluationPeriods, DatapointsToAlarm, AlarmDescription } = v.parse(
      v.looseObject({
        Period: v.number(),
        EvaluationPeriods: v.pipe(v.string(), v.toNumber()),
        DatapointsToAlarm: v.pipe(v.string(), v.toNumber()),
        AlarmDescription: v.string(),
      }),
      alarm.Properties,
    );
    // Every one of the periods breaching (no data counts as breaching) fires the alarm.
    expect(DatapointsToAlarm).toBe(EvaluationPeriods);
    // At most one day for periods under an hour, seven days otherwise.
    expect(Period * EvaluationPeriods).toBeLessThanOrEqual(Period < 3600 ? 86_400 : 604_800);
    return { seconds: Period * EvaluationPeriods, description: AlarmDescription };
  };

  it("looks back 26 hours for a run, within CloudWatch's limit on Period x EvaluationPeriods", () => {
    expect(lookBack(plain).seconds).toBe(26 * 3600);
    expect(lookBack(plain).description).toMatch(/^No sweep completed successfully in 26 hours\. /);
  });

  it("looks back missedRunAlarmHours hours when set, e.g. 74 for a weekday-only schedule", () => {
    expect(lookBack(custom).seconds).toBe(74 * 3600);
    expect(lookBack(custom).description).toMatch(/^No sweep completed successfully in 74 hours\. /);
  });

  it("accepts only a whole number of hours from 1 to 168 (seven days of hourly periods) for missedRunAlarmHours", () => {
    const pattern = allowedPattern(rawPlain, "MissedRunAlarmHours");
    for (const hours of ["1", "9", "26", "74", "99", "100", "159", "160", "168"]) {
      expect(hours).toMatch(pattern);
    }
    for (const hours of ["", "0", "026", "-1", "169", "170", "200", "1000", "26.5", "26h"]) {
      expect(hours).not.toMatch(pattern);
    }
    expect(168 * 3600).toBe(604_800);
  });

  it("silences the missed-run alarm while the schedule is disabled", () => {
    const missedRun = (t: Template) => resource(t, "SweepMissedRunAlarm", "AWS::CloudWatch::Alarm");
    expect(missedRun(plain).Properties.ActionsEnabled).toBe(true);
    expect(missedRun(custom).Properties.ActionsEnabled).toBe(false);
  });
});

describe("the topic", () => {
  const KEY = "SweepReportTopicKey";
  // This stack's alarms, by name: each starts with the function's name and a hyphen.
  const ALARM_ARNS = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:openai-cert-sweeper-test-sweep-*`;
  /** IAM's ArnLike on one ARN: `*` any run of characters, `?` any one. */
  const arnLike = (pattern: string, arn: string) => {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`^${escaped.replaceAll("*", ".*").replaceAll("?", ".")}$`).test(arn);
  };

  it("is encrypted with a customer-managed key that rotates", () => {
    expect(resource(plain, "SweepReportTopic", "AWS::SNS::Topic").Properties).toMatchObject({
      KmsMasterKeyId: getAtt(KEY),
    });
    expect(resource(plain, KEY, "AWS::KMS::Key").Properties.EnableKeyRotation).toBe(true);
  });

  it("has a key policy for the account's administration and this account's alarms, leaving the function's use to IAM", () => {
    const key = resource(plain, KEY, "AWS::KMS::Key");
    const use = ["kms:Decrypt", "kms:GenerateDataKey*"];
    expect(property(key, "KeyPolicy", PolicyDocumentSchema).Statement).toEqual([
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "AlarmsOfThisAccountEncrypt",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: use,
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
  });

  it("denies publishing without TLS and lets only the function's role and this stack's alarms publish", () => {
    const policy = resource(plain, "SweepReportTopicPolicy", "AWS::SNS::TopicPolicy");
    expect(policy.Properties.Topics).toEqual([TOPIC]);
    const base = { Action: "sns:Publish", Resource: TOPIC };
    expect(property(policy, "PolicyDocument", PolicyDocumentSchema).Statement).toEqual([
      {
        Sid: "DenyPublishWithoutTls",
        Effect: "Deny",
        Principal: "*",
        ...base,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyPublishByAnyoneElse",
        Effect: "Deny",
        Principal: "*",
        ...base,
        Condition: {
          ArnNotEquals: { "aws:PrincipalArn": getAtt(ROLE) },
          StringNotEquals: { "aws:PrincipalServiceName": "cloudwatch.amazonaws.com" },
        },
      },
      {
        Sid: "AlarmsOfThisAccountPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        ...base,
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnLike: { "aws:SourceArn": ALARM_ARNS },
        },
      },
    ]);
  });

  it("lets every alarm of this stack publish, and no alarm of another stage", () => {
    const alarmArn = (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;
    const names = idsOfType(plain, "AWS::CloudWatch::Alarm").map((id) =>
      property(resource(plain, id, "AWS::CloudWatch::Alarm"), "AlarmName", v.string()),
    );
    expect(names).toHaveLength(6);
    for (const name of names) expect(arnLike(ALARM_ARNS, alarmArn(name)), name).toBe(true);
    expect(arnLike(ALARM_ARNS, alarmArn("openai-cert-sweeper-prod-sweep-errors"))).toBe(false);
    expect(arnLike(ALARM_ARNS, alarmArn("some-other-alarm"))).toBe(false);
    expect(
      arnLike(
        ALARM_ARNS,
        `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:openai-cert-sweeper-test-sweep-errors`,
      ),
    ).toBe(false);
  });

  it("subscribes an email address only when alarmEmail is set", () => {
    expect(idsOfType(plain, "AWS::SNS::Subscription")).toEqual([]);
    expect(idsOfType(custom, "AWS::SNS::Subscription")).toEqual(["AlarmEmailSubscription"]);
    expect(resource(custom, "AlarmEmailSubscription", "AWS::SNS::Subscription").Properties).toEqual(
      { TopicArn: TOPIC, Protocol: "email", Endpoint: EMAIL },
    );
  });
});

describe("outputs", () => {
  it("name the topic, the function and the dead-letter queue", () => {
    expect(
      Object.fromEntries(Object.entries(plain.Outputs).map(([id, output]) => [id, output.Value])),
    ).toMatchObject({
      ReportTopicArn: TOPIC,
      SweepFunctionName: ref(FUNCTION),
      DeadLetterQueueUrl: ref("SweepDeadLetterQueue"),
    });
  });
});
