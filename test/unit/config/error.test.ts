import { describe, expect, it } from "vitest";
import { ConfigError, issueText, parseConfig } from "../../../lib/config/index.js";

const thrown = (env: Record<string, string>): ConfigError => {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("parseConfig accepted the configuration");
};

describe("ConfigError issues", () => {
  it("names the variable, the value as set and the accepted form, each on its own", () => {
    const error = thrown({ OPENAI_ADMIN_KEY: "sk-admin-local-1234", CONCURRENCY: "lots" });
    expect(error.issues).toEqual([
      { variable: "CONCURRENCY", accepted: "must be a whole number from 1 to 20", value: '"lots"' },
    ]);
  });

  it("never carries the admin key's value, even when it is malformed", () => {
    const error = thrown({ OPENAI_ADMIN_KEY: "sk admin with spaces" });
    expect(error.issues).toEqual([
      {
        variable: "OPENAI_ADMIN_KEY",
        accepted: "must be an OpenAI admin key (no spaces, at least 8 characters)",
      },
    ]);
    expect(error.message).not.toContain("with spaces");
  });

  it("points a rule across variables at the one to change, naming the other", () => {
    const error = thrown({
      OPENAI_ADMIN_KEY: "sk-admin-local-1234",
      DEACTIVATE_WITHIN_DAYS: "7",
      WARN_WITHIN_DAYS: "3",
    });
    expect(error.issues).toEqual([
      {
        variable: "WARN_WITHIN_DAYS",
        accepted: "must be at least {DEACTIVATE_WITHIN_DAYS}, which is 7",
        value: "3",
      },
    ]);
    // Both values are shown: the one to change, and the one it is held to.
    expect(error.message).toBe(
      "Invalid configuration: WARN_WITHIN_DAYS must be at least DEACTIVATE_WITHIN_DAYS, which is 7 (got 3)",
    );
  });

  it("renders every variable of an issue by the caller's names, as the CLI does with its flags", () => {
    const original = thrown({
      OPENAI_ADMIN_KEY: "sk-admin-local-1234",
      DEACTIVATE_WITHIN_DAYS: "2",
      WARN_WITHIN_DAYS: "10",
      WARN_TIERS_DAYS: "1",
    });
    const nameOf = (variable: string) => (variable === "WARN_TIERS_DAYS" ? "--tiers" : variable);
    const renamed = new ConfigError(original.issues, { nameOf });
    expect(renamed.message).toBe(
      'Invalid configuration: each of --tiers must be more than DEACTIVATE_WITHIN_DAYS (2) and at most WARN_WITHIN_DAYS (10) (got "1")',
    );
    expect(renamed.issues).toBe(original.issues);
  });

  it("puts the value as set after the accepted form", () => {
    expect(
      issueText(
        { variable: "CONCURRENCY", accepted: "must be a whole number from 1 to 20", value: '"0"' },
        (variable) => `--${variable.toLowerCase()}`,
      ),
    ).toBe('--concurrency must be a whole number from 1 to 20 (got "0")');
  });
});

describe("issueText with a value inside the sentence", () => {
  it("puts the value where the template says, and never reads it as a template", () => {
    const issue = {
      variable: "DRY_RUN",
      accepted: "{DRY_RUN} is set ({value}), so unset {DRY_RUN}",
      value: '"{CONCURRENCY}"',
    };
    expect(issueText(issue)).toBe('DRY_RUN is set ("{CONCURRENCY}"), so unset DRY_RUN');
  });

  it("renders a problem of the configuration as a whole as it stands", () => {
    expect(issueText({ variable: "", accepted: "must be an object" })).toBe("must be an object");
  });
});
