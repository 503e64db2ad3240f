// The packaged template's parameter constraints against the package-time check: CloudFormation
// must accept exactly the values the check accepts, so that neither lets through what the other
// (and the function) would refuse.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEPLOYMENT_FORMS,
  DEPLOYMENT_PARAMS,
  SETTING_PARAMS,
  settingForm,
  settingIssue,
} from "../../lib/deploy/index.js";
import type { Template } from "./cfn.js";
import { packageService, removePackagingScratch, SECRET_ARN } from "./package-service.js";
import { generatedValues, sampleValues } from "./samples.js";

let template: Template;

beforeAll(async () => {
  template = (await packageService("test", { adminKeySecretArn: SECRET_ARN })).template;
}, 240_000);

afterAll(() => removePackagingScratch());

const parameterOf = (param: string) => `${param[0]?.toUpperCase()}${param.slice(1)}`;

/** A String parameter's constraints as CloudFormation applies them to a value given for it. */
function cloudFormationAccepts(parameter: string, value: string): boolean {
  const found = template.Parameters[parameter];
  if (found === undefined) throw new Error(`No parameter ${parameter}`);
  expect(found.Type).toBe("String");
  // AllowedPattern: a regular expression the whole value must match.
  const { AllowedPattern, AllowedValues } = found;
  if (AllowedPattern !== undefined && !new RegExp(`^(?:${AllowedPattern})$`).test(value)) {
    return false;
  }
  return AllowedValues === undefined || AllowedValues.includes(value);
}

describe("each sweep setting's CloudFormation parameter", () => {
  it.each(SETTING_PARAMS)(
    "%s says what it accepts as the check does, and constrains every value",
    (param) => {
      const parameter = template.Parameters[parameterOf(param)];
      expect(parameter?.ConstraintDescription).toBe(settingForm(param));
      expect(parameter?.AllowedPattern ?? parameter?.AllowedValues).toBeDefined();
    },
  );

  it.each(SETTING_PARAMS)(
    "%s accepts exactly what the package-time check accepts, sample by sample",
    (param) => {
      const disagreements = sampleValues().filter(
        (value) => cloudFormationAccepts(parameterOf(param), value) !== !settingIssue(param, value),
      );
      expect(disagreements).toEqual([]);
    },
  );

  it.each(SETTING_PARAMS)(
    "%s accepts exactly what the package-time check accepts, for generated values",
    (param) => {
      fc.assert(
        fc.property(generatedValues, (value) => {
          expect(cloudFormationAccepts(parameterOf(param), value), JSON.stringify(value)).toBe(
            settingIssue(param, value) === undefined,
          );
        }),
        { numRuns: 3000 },
      );
    },
  );

  it("accepts the corpus's edge values the function accepts, and refuses the others", () => {
    const accepts = (param: (typeof SETTING_PARAMS)[number], value: string) =>
      cloudFormationAccepts(parameterOf(param), value);
    expect(["1", "20", "08"].every((value) => accepts("concurrency", value))).toBe(true);
    expect(
      ["lots", "-1", "0", "21", "500", "1.5", "", " 8"].some((v) => accepts("concurrency", v)),
    ).toBe(false);
    expect(accepts("deactivateWithinDays", "0")).toBe(true);
    expect(accepts("deactivateWithinDays", "3650.000000")).toBe(true);
    expect(accepts("deactivateWithinDays", "3650.000001")).toBe(false);
    expect(accepts("schedulePeriodHours", "0.25")).toBe(true);
    expect(accepts("schedulePeriodHours", "0.249999")).toBe(false);
    expect(accepts("dryRun", "TRUE")).toBe(false);
    expect(accepts("includeProjects", "proj_a, proj_b,")).toBe(true);
    expect(accepts("includeProjects", "proj_a,,proj_b")).toBe(false);
    expect(accepts("warnTiersDays", "30, 7,3")).toBe(true);
    expect(accepts("digestWeekday", "")).toBe(true);
  });
});

describe("the deployment's CloudFormation parameters", () => {
  const inTemplate = () =>
    DEPLOYMENT_PARAMS.filter((param) => parameterOf(param) in template.Parameters);

  it("are the ones CloudFormation can check: all but the log group's, which the framework resolves", () => {
    expect(DEPLOYMENT_PARAMS.filter((param) => !inTemplate().includes(param))).toEqual([
      "logRetentionDays",
      "logGroupDeletionPolicy",
    ]);
  });

  it("state the package-time check's pattern, values and accepted form", () => {
    for (const param of inTemplate()) {
      const parameter = template.Parameters[parameterOf(param)];
      const form = DEPLOYMENT_FORMS[param];
      expect(parameter?.AllowedPattern, param).toBe(form.pattern);
      expect(parameter?.AllowedValues, param).toEqual(form.values);
      expect(parameter?.ConstraintDescription, param).toBe(form.form);
    }
  });

  it("accept what the package-time check accepts, apart from its two documented differences", () => {
    for (const param of inTemplate()) {
      for (const value of sampleValues()) {
        const check = DEPLOYMENT_FORMS[param].accepts(value);
        const cloudFormation = cloudFormationAccepts(parameterOf(param), value);
        // The secret may be unset to package; CloudFormation refuses it at deploy time.
        if (param === "adminKeySecretArn" && value === "") {
          expect([check, cloudFormation]).toEqual([true, false]);
        } else if (param === "scheduleTimezone" || param === "scheduleExpression") {
          // CloudFormation checks a name's or an expression's shape; the check also that the zone
          // exists, or that each cron() field is one Scheduler takes.
          if (check) expect(cloudFormation, value).toBe(true);
        } else {
          expect(cloudFormation, `${param} ${JSON.stringify(value)}`).toBe(check);
        }
      }
    }
  });
});
