import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../lib/config/index.js";
import { CHECKED_PARAMS, checkDeployment } from "../../../lib/deploy/index.js";
import { readYaml } from "../../support/platform.js";

const { params } = readYaml("serverless.yml") as {
  params: { default: Record<string, unknown>; prod: Record<string, unknown> };
};
/** serverless.yml's default params, as the framework resolves them (the secret unset: ""). */
const DEFAULTS = Object.fromEntries(
  CHECKED_PARAMS.map((param) => [param, String(params.default[param] ?? "")]),
);
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:openai-admin-AbCdEf";

const check = (changes: Record<string, string> = {}) =>
  checkDeployment({ ...DEFAULTS, ...changes });

/** The one-line message the check refuses `changes` with. */
function refusal(changes: Record<string, string>): string {
  try {
    check(changes);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as ConfigError;
    expect(message).not.toContain("\n");
    return message.replace(/^Invalid deployment params: /, "");
  }
  throw new Error(`the check accepted ${JSON.stringify(changes)}`);
}

describe("checkDeployment", () => {
  it("accepts serverless.yml's params, with or without the secret, and prod's, deriving 24 hours from the daily schedule", () => {
    const deleted = { logGroupDeletionPolicy: "Delete", logGroupUpdateReplacePolicy: "Delete" };
    expect(check()).toEqual({ schedulePeriodHours: "24", ...deleted });
    expect(check({ adminKeySecretArn: SECRET_ARN })).toEqual({
      schedulePeriodHours: "24",
      ...deleted,
    });
    const prod = Object.fromEntries(Object.entries(params.prod).map(([k, v]) => [k, String(v)]));
    // Retain, except that a first deployment which rolls back removes the group it created.
    expect(check(prod)).toEqual({
      schedulePeriodHours: "24",
      logGroupDeletionPolicy: "RetainExceptOnCreate",
      logGroupUpdateReplacePolicy: "Retain",
    });
  });

  it.each([
    [{ concurrency: "lots" }, 'concurrency must be a whole number from 1 to 20 (got "lots")'],
    [
      { missedRunAlarmHours: "500" },
      'missedRunAlarmHours must be a whole number of hours from 1 to 168 (seven days) (got "500")',
    ],
    [{ dryRun: "TRUE" }, 'dryRun must be true or false, in lower case (got "TRUE")'],
    [{ dryRun: "" }, 'dryRun must be true or false, in lower case (got "")'],
    [
      { deactivateWithinDays: " 1" },
      'deactivateWithinDays must be a number of days from 0 to 3650, such as 1 or 0.5, with at most six decimal places (got " 1")',
    ],
    [
      { digestWeekday: "Monday" },
      'digestWeekday must be a day of the week such as monday, in lower case, or empty (got "Monday")',
    ],
    [{ logRetentionDays: "42" }, "logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90"],
    [
      { logGroupDeletionPolicy: "retain" },
      'logGroupDeletionPolicy must be Delete or Retain (got "retain")',
    ],
    [
      { scheduleTimezone: "Mars/Olympus_Mons" },
      'scheduleTimezone must be a time zone name such as UTC or Europe/Berlin (got "Mars/Olympus_Mons")',
    ],
    [
      { scheduleTimezone: "europe/berlin" },
      'scheduleTimezone must be a time zone name such as UTC or Europe/Berlin (got "europe/berlin")',
    ],
    [{ alarmTopicArn: "ops-alarms" }, "alarmTopicArn must be empty or a standard SNS topic ARN"],
  ])("refuses %j, naming the param, the value and the accepted form", (changes, message) => {
    expect(refusal(changes)).toContain(message);
  });

  it("refuses a secret given by name or as a partial ARN, and redacts a key given in its place", () => {
    const form =
      "adminKeySecretArn must be the secret's full ARN, ending in the six-character suffix Secrets Manager adds, such as arn:aws:secretsmanager:eu-west-1:123456789012:secret:openai-admin-AbCdEf";
    expect(refusal({ adminKeySecretArn: "openai-admin" })).toBe(`${form} (got "openai-admin")`);
    const partial = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:openai-admin";
    expect(refusal({ adminKeySecretArn: partial })).toBe(`${form} (got "${partial}")`);
    const key = "sk-admin-pasted-here-0123456789";
    expect(refusal({ adminKeySecretArn: key })).not.toContain(key);
  });

  it("names every bad param in one line, and the rules across settings only once each value is fine", () => {
    expect(refusal({ concurrency: "0", warnWithinDays: "0", notifyOn: "never" })).toBe(
      'concurrency must be a whole number from 1 to 20 (got "0"); notifyOn must be always or changes, in lower case (got "never")',
    );
    expect(refusal({ warnWithinDays: "0" })).toBe(
      "warnWithinDays must be at least deactivateWithinDays, which is 1 (got 0)",
    );
    expect(refusal({ includeProjects: "proj_a,proj_b", excludeProjects: "proj_b" })).toBe(
      "a project cannot be in both includeProjects and excludeProjects (both name proj_b)",
    );
    expect(refusal({ warnTiersDays: "30,7" })).toBe(
      'each of warnTiersDays must be more than deactivateWithinDays (1) and at most warnWithinDays (14) (got "30,7")',
    );
  });
});

describe("checkDeployment's schedule period", () => {
  it("derives it from the expression when it is not set", () => {
    expect(check({ scheduleExpression: "rate(6 hours)" })).toMatchObject({
      schedulePeriodHours: "6",
    });
    expect(check({ scheduleExpression: "cron(0/30 * * * ? *)" })).toMatchObject({
      schedulePeriodHours: "0.5",
    });
  });

  it("takes it as set when it matches the expression, or when the expression says nothing", () => {
    expect(
      check({ scheduleExpression: "rate(6 hours)", schedulePeriodHours: "6.0" }),
    ).toMatchObject({
      schedulePeriodHours: "6.0",
    });
    const weekdays = { scheduleExpression: "cron(0 6 ? * MON-FRI *)", missedRunAlarmHours: "74" };
    expect(check({ ...weekdays, schedulePeriodHours: "24" })).toMatchObject({
      schedulePeriodHours: "24",
    });
  });

  it("refuses a period that does not match the expression", () => {
    expect(refusal({ scheduleExpression: "rate(6 hours)", schedulePeriodHours: "24" })).toBe(
      "schedulePeriodHours 24 does not match scheduleExpression rate(6 hours), which runs every 6 hours",
    );
    expect(refusal({ scheduleExpression: "rate(1 hour)", schedulePeriodHours: "2" })).toBe(
      "schedulePeriodHours 2 does not match scheduleExpression rate(1 hour), which runs every hour",
    );
  });

  it("asks for the period when the expression does not run at one interval it can read", () => {
    expect(refusal({ scheduleExpression: "cron(0 6 ? * MON-FRI *)" })).toBe(
      "schedulePeriodHours must be set to the hours between two scheduled runs (from 0.25 to 168): scheduleExpression cron(0 6 ? * MON-FRI *) does not run at one fixed interval this check can read (it reads rate() and daily or evenly spaced cron() expressions)",
    );
    expect(refusal({ scheduleExpression: "at(2026-12-01T06:00:00)" })).toContain(
      "schedulePeriodHours must be set",
    );
  });

  it("refuses a schedule more frequent or sparser than the sweep takes", () => {
    expect(refusal({ scheduleExpression: "rate(5 minutes)" })).toBe(
      "scheduleExpression rate(5 minutes) runs every 0.083333 hours, but the sweep takes from 0.25 to 168 hours between runs",
    );
    expect(refusal({ scheduleExpression: "rate(8 days)" })).toContain("runs every 192 hours");
  });

  it("refuses an expression that is none of Scheduler's forms before reading it", () => {
    expect(refusal({ scheduleExpression: "rate(1 hours)" })).toMatch(
      /^scheduleExpression must be rate\(N minutes\|hours\|days\) .* \(got "rate\(1 hours\)"\)$/,
    );
  });
});

describe("checkDeployment, between settings of the deployment", () => {
  it("refuses a missed-run alarm that waits no longer than the schedule's interval", () => {
    expect(refusal({ scheduleExpression: "rate(2 days)" })).toBe(
      "missedRunAlarmHours must be more than the hours between two scheduled runs (schedulePeriodHours 48), or the missed-run alarm fires between any two runs (got 26)",
    );
    expect(refusal({ missedRunAlarmHours: "24" })).toContain("(schedulePeriodHours 24)");
    expect(check({ scheduleExpression: "rate(2 days)", missedRunAlarmHours: "50" })).toMatchObject({
      schedulePeriodHours: "48",
    });
  });

  it("refuses a value the YAML left unquoted, which the template would carry as it is", () => {
    expect(refusal({ dryRun: true } as never)).toBe(
      'dryRun must be a string: quote it in serverless.yml, as in dryRun: "true" (got true)',
    );
    expect(refusal({ includeProjects: ["proj_a", "proj_b"] } as never)).toBe(
      'includeProjects must be a string: quote it in serverless.yml, as in includeProjects: "proj_a,proj_b" (got ["proj_a","proj_b"])',
    );
    // A number is what logRetentionDays means: RetentionInDays takes one.
    expect(check({ logRetentionDays: 365 } as never)).toMatchObject({ schedulePeriodHours: "24" });
  });

  it("refuses a cron() Scheduler would refuse half-way through the deployment", () => {
    expect(refusal({ scheduleExpression: "cron(0 6 * * * *)", schedulePeriodHours: "24" })).toMatch(
      /^scheduleExpression must be rate\(.*\? in exactly one of day-of-month and day-of-week.* \(got "cron\(0 6 \* \* \* \*\)"\)$/,
    );
    expect(
      refusal({ scheduleExpression: "cron(0 99 * * ? *)", schedulePeriodHours: "24" }),
    ).toMatch(/^scheduleExpression must be/);
  });
});

describe("checkDeployment's time zones", () => {
  it.each(["UTC", "Europe/Berlin", "America/New_York", "US/Pacific", "Etc/UTC"])(
    "takes %s, as the tz database spells it",
    (zone) => {
      expect(check({ scheduleTimezone: zone })).toMatchObject({ schedulePeriodHours: "24" });
    },
  );
});
