import { describe, expect, it } from "vitest";
import { ConfigError, checkVariable, parseConfig } from "../../../lib/config/index.js";
import { CHECKED_PARAMS, checkDeployment } from "../../../lib/deploy/index.js";
import { readYaml } from "../../support/platform.js";

const SECRET_ID = "openai/admin-key";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:cert-sweeper";

/** A minimal valid environment plus the given variables. */
const env = (vars: Record<string, string | undefined> = {}) => ({
  OPENAI_ADMIN_KEY_SECRET_ID: SECRET_ID,
  ...vars,
});

/** The ConfigError parseConfig throws for `vars`; fails the test when it does not throw one. */
function configError(vars: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(vars);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(vars)}`);
}

describe("parseConfig defaults", () => {
  it("fills every optional variable with its documented default", () => {
    expect(parseConfig(env())).toEqual({
      organization: {
        adminKey: { source: "secret", secretId: SECRET_ID },
        baseUrl: "https://api.openai.com/v1",
        concurrency: 8,
      },
      policy: { deactivateWithinDays: 1, warnWithinDays: 14 },
      enforcement: {
        dryRun: false,
        maxDeactivationsPerRun: 20,
        deactivateOrganization: false,
        protectLastValid: true,
        activateReplacements: false,
      },
      filter: { include: [], exclude: [], includeArchived: false },
      notice: { tiersDays: [14, 7, 3], periodHours: 24, digestWeekday: undefined },
      delivery: { snsTopicArn: undefined, notifyOn: "changes" },
    });
  });

  it("treats blank and whitespace-only values as unset, so defaults apply", () => {
    const config = parseConfig(
      env({
        OPENAI_ADMIN_KEY: "  ",
        OPENAI_BASE_URL: "",
        SNS_TOPIC_ARN: "",
        DEACTIVATE_WITHIN_DAYS: " ",
        WARN_WITHIN_DAYS: "",
        DRY_RUN: "",
        MAX_DEACTIVATIONS_PER_RUN: "",
        CONCURRENCY: "\t",
        NOTIFY_ON: "",
        INCLUDE_PROJECTS: "",
        EXCLUDE_PROJECTS: " ",
        INCLUDE_ARCHIVED_PROJECTS: "",
      }),
    );
    expect(config).toEqual(parseConfig(env()));
  });

  it("ignores variables it does not read", () => {
    expect(parseConfig(env({ AWS_REGION: "eu-west-1", CONCURRENCY_X: "abc" }))).toEqual(
      parseConfig(env()),
    );
  });
});

describe("parseConfig accepted values", () => {
  it("reads every variable when set to a valid value, trimming surrounding spaces", () => {
    const config = parseConfig(
      env({
        OPENAI_BASE_URL: " https://proxy.example.com/openai/v1 ",
        SNS_TOPIC_ARN: TOPIC,
        DEACTIVATE_WITHIN_DAYS: "2",
        WARN_WITHIN_DAYS: "30",
        DRY_RUN: "TRUE",
        MAX_DEACTIVATIONS_PER_RUN: "10000",
        CONCURRENCY: " 20 ",
        NOTIFY_ON: "always",
        INCLUDE_ARCHIVED_PROJECTS: "True",
      }),
    );
    expect(config).toMatchObject({
      organization: { baseUrl: "https://proxy.example.com/openai/v1", concurrency: 20 },
      policy: { deactivateWithinDays: 2, warnWithinDays: 30 },
      enforcement: { dryRun: true, maxDeactivationsPerRun: 10_000 },
      filter: { includeArchived: true },
      delivery: { snsTopicArn: TOPIC, notifyOn: "always" },
    });
  });

  it("accepts DEACTIVATE_WITHIN_DAYS of 0 and fractional days", () => {
    expect(parseConfig(env({ DEACTIVATE_WITHIN_DAYS: "0" })).policy.deactivateWithinDays).toBe(0);
    expect(parseConfig(env({ DEACTIVATE_WITHIN_DAYS: "0.5" })).policy.deactivateWithinDays).toBe(
      0.5,
    );
    expect(parseConfig(env({ WARN_WITHIN_DAYS: "3650" })).policy.warnWithinDays).toBe(3650);
  });

  it("accepts CONCURRENCY at both ends of its range", () => {
    expect(parseConfig(env({ CONCURRENCY: "1" })).organization.concurrency).toBe(1);
    expect(parseConfig(env({ CONCURRENCY: "20" })).organization.concurrency).toBe(20);
  });

  it("accepts DRY_RUN false in any case", () => {
    expect(parseConfig(env({ DRY_RUN: "FALSE" })).enforcement.dryRun).toBe(false);
    expect(parseConfig(env({ DRY_RUN: "false" })).enforcement.dryRun).toBe(false);
  });

  it("accepts plain http for a loopback base URL and removes the trailing slash", () => {
    expect(
      parseConfig(env({ OPENAI_BASE_URL: "http://127.0.0.1:8080/v1" })).organization.baseUrl,
    ).toBe("http://127.0.0.1:8080/v1");
    expect(
      parseConfig(env({ OPENAI_BASE_URL: "http://127.0.0.1:8080/v1/" })).organization.baseUrl,
    ).toBe("http://127.0.0.1:8080/v1");
    expect(
      parseConfig(env({ OPENAI_BASE_URL: "http://localhost:4010/v1" })).organization.baseUrl,
    ).toBe("http://localhost:4010/v1");
    expect(
      parseConfig(env({ OPENAI_BASE_URL: "https://api.openai.com/v1//" })).organization.baseUrl,
    ).toBe("https://api.openai.com/v1");
    // Passed on in its normal form, as the SDK will read it.
    expect(
      parseConfig(env({ OPENAI_BASE_URL: "https:/proxy.example.com/v1" })).organization.baseUrl,
    ).toBe("https://proxy.example.com/v1");
  });

  it("accepts a secret ARN as OPENAI_ADMIN_KEY_SECRET_ID", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:openai/admin-AbCdEf";
    expect(parseConfig({ OPENAI_ADMIN_KEY_SECRET_ID: arn }).organization.adminKey).toEqual({
      source: "secret",
      secretId: arn,
    });
  });

  it("uses OPENAI_ADMIN_KEY directly when it is the only key variable", () => {
    expect(parseConfig({ OPENAI_ADMIN_KEY: "sk-admin-local-1234" }).organization.adminKey).toEqual({
      source: "env",
      key: "sk-admin-local-1234",
    });
  });

  it("trims project lists, drops repeats and a trailing comma", () => {
    const config = parseConfig(
      env({
        INCLUDE_PROJECTS: " proj_a , proj_b,proj_a,",
        EXCLUDE_PROJECTS: "proj_c,proj_c , proj_d-1",
      }),
    );
    expect(config.filter.include).toEqual(["proj_a", "proj_b"]);
    expect(config.filter.exclude).toEqual(["proj_c", "proj_d-1"]);
  });
});

describe("parseConfig rejected values", () => {
  const cases: [variable: string, value: string, form: string][] = [
    ["CONCURRENCY", "0", "must be a whole number from 1 to 20"],
    ["CONCURRENCY", "21", "must be a whole number from 1 to 20"],
    ["CONCURRENCY", "abc", "must be a whole number from 1 to 20"],
    ["CONCURRENCY", "1.5", "must be a whole number from 1 to 20"],
    ["CONCURRENCY", "-3", "must be a whole number from 1 to 20"],
    ["MAX_DEACTIVATIONS_PER_RUN", "0", "must be a whole number from 1 to 10000"],
    ["MAX_DEACTIVATIONS_PER_RUN", "10001", "must be a whole number from 1 to 10000"],
    ["DEACTIVATE_WITHIN_DAYS", "-1", "must be a number of days from 0 to 3650"],
    ["DEACTIVATE_WITHIN_DAYS", "x", "must be a number of days from 0 to 3650"],
    ["DEACTIVATE_WITHIN_DAYS", "3651", "must be a number of days from 0 to 3650"],
    ["WARN_WITHIN_DAYS", "1e3", "must be a number of days from 0 to 3650"],
    ["DRY_RUN", "yes", "must be true or false"],
    ["DRY_RUN", "1", "must be true or false"],
    ["INCLUDE_ARCHIVED_PROJECTS", "no", "must be true or false"],
    ["NOTIFY_ON", "sometimes", "must be always or changes"],
    ["OPENAI_BASE_URL", "http://example.com", "must be an https URL"],
    ["OPENAI_BASE_URL", "ftp://127.0.0.1/v1", "must be an https URL"],
    ["OPENAI_BASE_URL", "not a url", "must be an https URL"],
    ["OPENAI_BASE_URL", "https://", "must be an https URL"],
    // Plain http only when the host really is loopback, however the URL dresses it up.
    ["OPENAI_BASE_URL", "http://localhost@evil.example/v1", "must be an https URL"],
    ["OPENAI_BASE_URL", "http://127.0.0.1.evil.example/v1", "must be an https URL"],
    ["OPENAI_BASE_URL", "http://localhost.evil.example/v1", "must be an https URL"],
    ["SNS_TOPIC_ARN", "cert-sweeper", "must be a standard SNS topic ARN"],
    [
      "SNS_TOPIC_ARN",
      "arn:aws:sns:eu-west-1:12345:cert-sweeper",
      "must be a standard SNS topic ARN",
    ],
    [
      "SNS_TOPIC_ARN",
      "arn:aws:sns:eu-west-1:123456789012:cert-sweeper.fifo",
      "must be a standard SNS topic ARN",
    ],
    ["INCLUDE_PROJECTS", "myproject", "must be comma-separated project ids"],
    ["EXCLUDE_PROJECTS", "proj_a,,proj_b", "must be comma-separated project ids"],
    ["EXCLUDE_PROJECTS", "proj_a proj_b", "must be comma-separated project ids"],
    ["WARN_TIERS_DAYS", "30 days", "must be comma-separated numbers of days"],
    ["WARN_TIERS_DAYS", "7,-1", "must be comma-separated numbers of days"],
    ["SCHEDULE_PERIOD_HOURS", "0", "must be the hours between scheduled runs, from 0.25 to 168"],
    ["SCHEDULE_PERIOD_HOURS", "169", "must be the hours between scheduled runs, from 0.25 to 168"],
    ["SCHEDULE_PERIOD_HOURS", "daily", "must be the hours between scheduled runs"],
    ["DIGEST_WEEKDAY", "mon", "must be a day of the week such as monday"],
    ["DEACTIVATE_ORGANIZATION_CERTIFICATES", "1", "must be true or false"],
  ];

  it.each(cases)(
    "rejects %s=%j, naming the variable, the accepted form and the value",
    (variable, value, form) => {
      const error = configError(env({ [variable]: value }));
      expect(error.message).toContain(variable);
      expect(error.message).toContain(form);
      // The value is echoed as it was set, whatever stage rejected it.
      expect(error.message).toContain(`(got ${JSON.stringify(value)})`);
      // A variable's own problem is not followed by misleading cross-variable complaints.
      expect(error.message).not.toContain("must be at least");
    },
  );

  it("rejects a malformed OPENAI_ADMIN_KEY_SECRET_ID", () => {
    const error = configError({ OPENAI_ADMIN_KEY_SECRET_ID: "my secret" });
    expect(error.message).toContain("OPENAI_ADMIN_KEY_SECRET_ID");
    expect(error.message).toContain("must be a Secrets Manager secret name or ARN");
  });

  it("requires one of OPENAI_ADMIN_KEY_SECRET_ID or OPENAI_ADMIN_KEY", () => {
    const error = configError({});
    expect(error.message).toContain("set exactly one of OPENAI_ADMIN_KEY_SECRET_ID");
    expect(error.message).toContain("OPENAI_ADMIN_KEY");
  });

  it("rejects both OPENAI_ADMIN_KEY_SECRET_ID and OPENAI_ADMIN_KEY without echoing the key", () => {
    const key = "sk-admin-both-set-9876";
    const error = configError({ OPENAI_ADMIN_KEY_SECRET_ID: SECRET_ID, OPENAI_ADMIN_KEY: key });
    expect(error.message).toContain("set exactly one of OPENAI_ADMIN_KEY_SECRET_ID");
    expect(error.message).not.toContain(key);
  });

  it("rejects WARN_WITHIN_DAYS smaller than DEACTIVATE_WITHIN_DAYS, including the default", () => {
    const message = "WARN_WITHIN_DAYS must be at least DEACTIVATE_WITHIN_DAYS";
    expect(
      configError(env({ DEACTIVATE_WITHIN_DAYS: "5", WARN_WITHIN_DAYS: "2" })).message,
    ).toContain(message);
    expect(configError(env({ DEACTIVATE_WITHIN_DAYS: "15" })).message).toContain(message);
    expect(
      parseConfig(env({ DEACTIVATE_WITHIN_DAYS: "7", WARN_WITHIN_DAYS: "7" })).policy
        .warnWithinDays,
    ).toBe(7);
  });

  it("rejects a project named in both INCLUDE_PROJECTS and EXCLUDE_PROJECTS", () => {
    const error = configError(
      env({ INCLUDE_PROJECTS: "proj_a,proj_b", EXCLUDE_PROJECTS: " proj_b " }),
    );
    expect(error.message).toContain(
      "a project cannot be in both INCLUDE_PROJECTS and EXCLUDE_PROJECTS",
    );
  });

  it.each([
    ["too short", "sk-ab12"],
    ["containing a space", "sk-admin secret-part-4242"],
  ])("never shows an invalid OPENAI_ADMIN_KEY (%s) in the error", (_case, key) => {
    const error = configError({ OPENAI_ADMIN_KEY: key });
    expect(error.message).toContain("OPENAI_ADMIN_KEY must be an OpenAI admin key");
    expect(error.message).not.toContain(key);
    for (const piece of key.split(" ")) expect(error.message).not.toContain(piece);
  });

  it("reports several bad variables in one error", () => {
    const error = configError(
      env({
        CONCURRENCY: "0",
        DRY_RUN: "yes",
        NOTIFY_ON: "sometimes",
        INCLUDE_PROJECTS: "myproject",
      }),
    );
    for (const variable of ["CONCURRENCY", "DRY_RUN", "NOTIFY_ON", "INCLUDE_PROJECTS"]) {
      expect(error.message).toContain(variable);
    }
    expect(error.message).toContain('"sometimes"');
  });
});

describe("parseConfig: notifications and the organization level", () => {
  it("reads the tiers largest first, without repeats, the period, the digest day and the opt-in", () => {
    const config = parseConfig(
      env({
        WARN_WITHIN_DAYS: "30",
        WARN_TIERS_DAYS: " 7, 30,1.5 ,7,",
        SCHEDULE_PERIOD_HOURS: "12",
        DIGEST_WEEKDAY: "Monday",
        DEACTIVATE_ORGANIZATION_CERTIFICATES: "TRUE",
      }),
    );
    expect(config).toMatchObject({
      notice: { tiersDays: [30, 7, 1.5], periodHours: 12, digestWeekday: 1 },
      enforcement: { deactivateOrganization: true },
    });
  });

  it.each([
    ["the window's edge, 7 and 3 by default", {}, [14, 7, 3]],
    ["only those inside a narrower window", { WARN_WITHIN_DAYS: "5" }, [5, 3]],
    [
      "none above the deactivation window",
      { DEACTIVATE_WITHIN_DAYS: "7", WARN_WITHIN_DAYS: "10" },
      [10],
    ],
    ["none when the two windows are equal", { WARN_WITHIN_DAYS: "1" }, []],
  ])("defaults the tiers to %s", (_, vars, tiers) => {
    expect(parseConfig(env(vars)).notice.tiersDays).toEqual(tiers);
  });

  it.each([
    ["above WARN_WITHIN_DAYS", { WARN_TIERS_DAYS: "30,7" }, '"30,7"'],
    ["inside the deactivation window", { WARN_TIERS_DAYS: "7,1" }, '"7,1"'],
  ])("rejects a tier %s, naming the variables and their values", (_, vars, got) => {
    expect(configError(env(vars)).message).toContain(
      `each of WARN_TIERS_DAYS must be more than DEACTIVATE_WITHIN_DAYS (1) and at most WARN_WITHIN_DAYS (14) (got ${got})`,
    );
  });
});

describe("parseConfig for the deployed function", () => {
  /** The ConfigError parseConfig throws for `vars` with the deployed rules. */
  function deployedError(vars: Record<string, string | undefined>): ConfigError {
    try {
      parseConfig(vars, { deployed: true });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error(`parseConfig accepted ${JSON.stringify(vars)} for the deployed function`);
  }

  it("accepts a secret id and a topic", () => {
    const config = parseConfig(env({ SNS_TOPIC_ARN: TOPIC }), { deployed: true });
    expect(config.organization.adminKey).toEqual({ source: "secret", secretId: SECRET_ID });
    expect(config.delivery.snsTopicArn).toBe(TOPIC);
  });

  it("rejects a missing SNS_TOPIC_ARN, naming it", () => {
    const error = deployedError(env());
    expect(error.message).toContain("SNS_TOPIC_ARN must be set");
  });

  it("rejects a blank SNS_TOPIC_ARN as missing", () => {
    expect(deployedError(env({ SNS_TOPIC_ARN: "  " })).message).toContain(
      "SNS_TOPIC_ARN must be set",
    );
  });

  it("rejects OPENAI_ADMIN_KEY in place of a secret id, naming both variables and not echoing the key", () => {
    const key = "sk-admin-deployed-plain-5150";
    const error = deployedError({ OPENAI_ADMIN_KEY: key, SNS_TOPIC_ARN: TOPIC });
    expect(error.message).toContain("OPENAI_ADMIN_KEY_SECRET_ID");
    expect(error.message).toContain("OPENAI_ADMIN_KEY is for local runs only");
    expect(error.message).not.toContain(key);
  });

  it("still allows both for a local run", () => {
    expect(
      parseConfig({ OPENAI_ADMIN_KEY: "sk-admin-local-1234" }).delivery.snsTopicArn,
    ).toBeUndefined();
  });
});

describe("parseConfig with values in the wrong case or the wrong variable", () => {
  it("accepts NOTIFY_ON in any case", () => {
    expect(parseConfig(env({ NOTIFY_ON: "ALWAYS" })).delivery.notifyOn).toBe("always");
    expect(parseConfig(env({ NOTIFY_ON: "Changes" })).delivery.notifyOn).toBe("changes");
  });

  it("rejects an admin key put in OPENAI_ADMIN_KEY_SECRET_ID without echoing it", () => {
    const key = "sk-admin-abcdef123456";
    const error = configError({ OPENAI_ADMIN_KEY_SECRET_ID: key });
    expect(error.message).toContain("OPENAI_ADMIN_KEY_SECRET_ID");
    expect(error.message).toContain("must be a Secrets Manager secret name or ARN");
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain("abcdef123456");
  });

  it("does not echo a key-shaped value put in another variable", () => {
    const key = "sk-admin-abcdef123456";
    const error = configError(env({ SNS_TOPIC_ARN: key }));
    expect(error.message).toContain("SNS_TOPIC_ARN must be a standard SNS topic ARN");
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain("abcdef123456");
  });
});

describe("checkVariable", () => {
  it("judges one value alone as parseConfig does, blank as unset", () => {
    expect(checkVariable("CONCURRENCY", "4")).toBeUndefined();
    expect(checkVariable("CONCURRENCY", " ")).toBeUndefined();
    expect(checkVariable("DRY_RUN", "TRUE")).toBeUndefined();
    expect(checkVariable("CONCURRENCY", "lots")).toEqual({
      variable: "CONCURRENCY",
      accepted: "must be a whole number from 1 to 20",
      value: '"lots"',
    });
    // Not the rules across variables: 0 days of warning is fine on its own.
    expect(checkVariable("WARN_WITHIN_DAYS", "0")).toBeUndefined();
  });

  it("never echoes the admin key, and refuses a name that is no variable", () => {
    expect(checkVariable("OPENAI_ADMIN_KEY", "sk admin")).toEqual({
      variable: "OPENAI_ADMIN_KEY",
      accepted: "must be an OpenAI admin key (no spaces, at least 8 characters)",
    });
    expect(() => checkVariable("CONCURENCY", "4")).toThrow(
      "CONCURENCY is not a configuration variable",
    );
  });
});

describe("serverless.yml's parameters", () => {
  it("deploy the same defaults the code applies", () => {
    const yml = readYaml("serverless.yml") as {
      params: { default: Record<string, unknown> };
      functions: { sweep: { environment: Record<string, unknown> } };
    };
    const settings = readYaml("infra/settings.yml") as {
      Parameters: Record<string, { Default: string }>;
    };
    const params = Object.fromEntries(
      CHECKED_PARAMS.map((param) => [param, String(yml.params.default[param] ?? "")]),
    );
    // What the framework resolves: a param's value, or what the check derives from the params.
    const checked = checkDeployment(params);
    const resolve = (value: string) =>
      value
        .replace(/^\$\{param:(\w+)\}$/, (_, param: string) => params[param] ?? "")
        .replace(/^\$\{self:custom\.deployCheck\.(\w+)\}$/, (_, key: string) =>
          String(checked[key as keyof typeof checked]),
        );
    const deployed: Record<string, string> = {};
    for (const [variable, value] of Object.entries(yml.functions.sweep.environment)) {
      // `!Ref Parameter` reads as the parameter's name.
      const parameter = settings.Parameters[String(value)];
      if (parameter !== undefined) deployed[variable] = resolve(parameter.Default);
    }
    expect(Object.keys(deployed)).toEqual(
      expect.arrayContaining(["CONCURRENCY", "NOTIFY_ON", "SCHEDULE_PERIOD_HOURS"]),
    );
    expect(parseConfig(env(deployed))).toEqual(parseConfig(env()));
  });
});
