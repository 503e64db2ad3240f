// `osls package` with bad params: the package-time check (functions/deploy-settings.ts) stops it
// with one line naming the param, its value and what it accepts, before anything is packaged.
// And the schedule's period as it reaches the function.
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { property, resource } from "./cfn.js";
import { deployedTemplate } from "./cfn-deployed.js";
import {
  type Packaged,
  packageService,
  removePackagingScratch,
  SECRET_ARN,
} from "./package-service.js";

const SECRET_FORM =
  "adminKeySecretArn must be the secret's full ARN, ending in the six-character suffix Secrets Manager adds, such as arn:aws:secretsmanager:eu-west-1:123456789012:secret:openai-admin-AbCdEf";
const PARTIAL_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-admin";
const WEEKDAYS = "cron(0 6 ? * MON-FRI *)";

const REFUSED: [string, Record<string, string>, string][] = [
  [
    "a secret given by name",
    { adminKeySecretArn: "openai-admin" },
    `${SECRET_FORM} (got "openai-admin")`,
  ],
  [
    "a partial secret ARN",
    { adminKeySecretArn: PARTIAL_ARN },
    `${SECRET_FORM} (got "${PARTIAL_ARN}")`,
  ],
  [
    "concurrency=lots",
    { concurrency: "lots" },
    'concurrency must be a whole number from 1 to 20 (got "lots")',
  ],
  [
    "missedRunAlarmHours=500",
    { missedRunAlarmHours: "500" },
    'missedRunAlarmHours must be a whole number of hours from 1 to 168 (seven days) (got "500")',
  ],
  [
    "warnWithinDays=0 with the default deactivateWithinDays",
    { warnWithinDays: "0" },
    "warnWithinDays must be at least deactivateWithinDays, which is 1 (got 0)",
  ],
  [
    "a schedulePeriodHours the scheduleExpression contradicts",
    { scheduleExpression: "rate(6 hours)", schedulePeriodHours: "24" },
    "schedulePeriodHours 24 does not match scheduleExpression rate(6 hours), which runs every 6 hours",
  ],
  [
    "a weekday-only cron without schedulePeriodHours",
    { scheduleExpression: WEEKDAYS },
    `schedulePeriodHours must be set to the hours between two scheduled runs (from 0.25 to 168): scheduleExpression ${WEEKDAYS} does not run at one fixed interval this check can read (it reads rate() and daily or evenly spaced cron() expressions)`,
  ],
];

const ACCEPTED: Record<string, Record<string, string>> = {
  rate: { scheduleExpression: "rate(6 hours)" },
  weekdays: { scheduleExpression: WEEKDAYS, schedulePeriodHours: "24", missedRunAlarmHours: "74" },
};

const packagings = new Map<string, Promise<Packaged>>();
/** One packaging per set of params, all started at once (each takes seconds). */
function packaged(params: Record<string, string>): Promise<Packaged> {
  const key = JSON.stringify(params);
  let found = packagings.get(key);
  if (found === undefined) {
    found = packageService("test", { adminKeySecretArn: SECRET_ARN, ...params });
    found.catch(() => undefined); // awaited by its test
    packagings.set(key, found);
  }
  return found;
}

beforeAll(() => {
  for (const [, params] of REFUSED) packaged(params);
  for (const params of Object.values(ACCEPTED)) packaged(params);
});

afterAll(() => removePackagingScratch());

/** What osls printed when the packaging failed. */
async function failure(params: Record<string, string>): Promise<string> {
  try {
    await packaged(params);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`osls packaged ${JSON.stringify(params)}`);
}

describe("osls package with a bad param", () => {
  it.each(REFUSED)(
    "refuses %s in one line, before packaging anything",
    async (_what, params, message) => {
      const output = await failure(params);
      const lines = output
        .split("\n")
        .filter((line) => line.includes("Invalid deployment params: "));
      expect(lines).toHaveLength(1);
      expect(lines[0]?.endsWith(`Invalid deployment params: ${message}`), lines[0]).toBe(true);
      expect(output).not.toContain("Packaging openai-cert-sweeper");
    },
    240_000,
  );
});

describe("the schedule's period as the function gets it", () => {
  const deployed = async (params: Record<string, string>) => {
    const { template } = await packaged(params);
    const resolved = deployedTemplate(template, { region: "us-east-1", accountId: "123456789012" });
    const fn = resource(resolved, "SweepLambdaFunction", "AWS::Lambda::Function");
    const env = property(
      fn,
      "Environment",
      v.object({ Variables: v.record(v.string(), v.unknown()) }),
    );
    const schedule = resource(resolved, "SweepSchedule", "AWS::Scheduler::Schedule");
    return {
      period: env.Variables.SCHEDULE_PERIOD_HOURS,
      expression: schedule.Properties.ScheduleExpression,
    };
  };

  it("is derived from a rate: 6 for rate(6 hours)", async () => {
    expect(await deployed(ACCEPTED.rate ?? {})).toEqual({
      period: "6",
      expression: "rate(6 hours)",
    });
  }, 240_000);

  it("is the param as set for a weekday-only cron, which says no one interval", async () => {
    expect(await deployed(ACCEPTED.weekdays ?? {})).toEqual({ period: "24", expression: WEEKDAYS });
  }, 240_000);
});
