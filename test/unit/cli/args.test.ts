import { describe, expect, it } from "vitest";
import { parseCliArgs, SETTING_FLAGS } from "../../../lib/cli/args.js";
import { USAGE } from "../../../lib/cli/usage.js";
import { CONFIG_VARIABLES } from "../../../lib/config/index.js";
import { UsageError } from "../../../lib/errors.js";

const usageError = (argv: string[]): UsageError => {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`parseCliArgs(${JSON.stringify(argv)}) did not fail`);
};

describe("parseCliArgs", () => {
  it("reads the command and no settings from a bare command", () => {
    expect(parseCliArgs(["plan"])).toEqual({
      command: "plan",
      settings: {},
      json: false,
      yes: false,
      verbose: false,
      detailedExitcode: false,
      simulator: { port: 0, extraProjects: 0, latencyMs: 0 },
    });
  });

  it("gives each setting flag's value under the environment variable it stands for", () => {
    const args = parseCliArgs([
      "plan",
      "--base-url",
      "https://proxy.example/v1",
      "--secret-id",
      "prod/openai-admin",
      "--deactivate-within-days=2",
      "--max-deactivations-per-run",
      "5",
      "--include-projects",
      "proj_a,proj_b",
      "--deactivate-organization-certificates",
      "true",
    ]);
    expect(args.settings).toEqual({
      OPENAI_BASE_URL: "https://proxy.example/v1",
      OPENAI_ADMIN_KEY_SECRET_ID: "prod/openai-admin",
      DEACTIVATE_WITHIN_DAYS: "2",
      MAX_DEACTIVATIONS_PER_RUN: "5",
      INCLUDE_PROJECTS: "proj_a,proj_b",
      DEACTIVATE_ORGANIZATION_CERTIFICATES: "true",
    });
  });

  it("has a flag for every configuration variable except the key itself and DRY_RUN", () => {
    // The key must not be typed on a command line (shell history, ps); DRY_RUN is what plan is.
    const expected = CONFIG_VARIABLES.filter((v) => v !== "OPENAI_ADMIN_KEY" && v !== "DRY_RUN");
    expect(Object.values(SETTING_FLAGS).sort()).toEqual([...expected].sort());
  });

  it("accepts flags before the command and the short forms -y and -h", () => {
    expect(parseCliArgs(["--json", "-y", "--verbose", "apply"])).toMatchObject({
      command: "apply",
      json: true,
      yes: true,
      verbose: true,
    });
    expect(parseCliArgs(["-h"]).command).toBe("help");
  });

  it("shows help or the version whatever else is on the line", () => {
    expect(parseCliArgs(["plan", "--help"]).command).toBe("help");
    expect(parseCliArgs(["--help"]).command).toBe("help");
    expect(parseCliArgs(["--version"]).command).toBe("version");
  });

  it("refuses an unknown flag, naming it", () => {
    // Only node:util's first sentence: the rest, about `--`, is no help for a mistyped flag.
    expect(usageError(["plan", "--dry-run"]).message).toBe("Unknown option '--dry-run'");
  });

  it("refuses the key as a flag, since there is none for it", () => {
    expect(usageError(["plan", "--admin-key", "sk-admin-x"]).message).toContain("--admin-key");
  });

  it("refuses a setting flag without its value", () => {
    expect(usageError(["plan", "--base-url"]).message).toContain("--base-url");
  });

  it("refuses a switch given a value", () => {
    expect(usageError(["apply", "--yes=no"]).message).toContain("--yes");
  });

  it("asks for a command when there is none", () => {
    expect(usageError([]).message).toBe("missing command: plan, apply, demo or simulator");
    expect(usageError(["--json"]).message).toBe("missing command: plan, apply, demo or simulator");
  });

  it("refuses an unknown command, naming the ones there are", () => {
    const { message } = usageError(["sweep"]);
    expect(message).toContain('"sweep"');
    expect(message).toContain("plan, apply, demo or simulator");
  });

  it("refuses an extra argument after the command", () => {
    expect(usageError(["plan", "now"]).message).toBe('unexpected argument "now"');
    expect(usageError(["apply", "plan"]).message).toBe('unexpected argument "plan"');
  });

  it("refuses --yes with plan, which never changes anything", () => {
    expect(usageError(["plan", "--yes"]).message).toContain("--yes is for apply");
    expect(usageError(["plan", "-y"]).message).toContain("--yes is for apply");
    expect(parseCliArgs(["apply", "--yes"]).yes).toBe(true);
  });

  it("gives every usage error on one line", () => {
    for (const argv of [["plan", "--frobnicate"], [], ["sweep"], ["plan", "x"], ["plan", "-y"]]) {
      expect(usageError(argv).message).not.toContain("\n");
    }
  });
});

describe("USAGE", () => {
  it("lists every setting flag with its variable, and the exit codes", () => {
    for (const [flag, variable] of Object.entries(SETTING_FLAGS)) {
      expect(USAGE).toMatch(
        new RegExp(`^ {2}--${flag} +${variable}( \\(default [^)]+\\))?\\n {42}\\S`, "m"),
      );
    }
    expect(USAGE).toContain("Exit codes: 0 success (plan: whatever it found); 1 failure;");
    expect(USAGE).toContain("--detailed-exitcode");
  });
});

describe("a value that looks like a flag", () => {
  it("is one line saying how to pass it, not node:util's three", () => {
    let message = "";
    try {
      parseCliArgs(["plan", "--concurrency", "-1"]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      "--concurrency needs a value; one that starts with a dash goes as --concurrency=-…",
    );
    expect(() => parseCliArgs(["plan", "--concurrency=-1"])).not.toThrow();
  });
});

describe("USAGE's settings", () => {
  it("show each default and accepted form, read from the configuration schema, and examples", () => {
    expect(USAGE).toMatch(
      /^ {2}--concurrency +CONCURRENCY \(default 8\)\n {42}a whole number from 1 to 20$/m,
    );
    expect(USAGE).toMatch(
      /^ {2}--notify-on +NOTIFY_ON \(default changes\)\n {42}always or changes$/m,
    );
    expect(USAGE).toMatch(
      /^ {2}--digest-weekday +DIGEST_WEEKDAY\n {42}a day of the week such as monday$/m,
    );
    expect(USAGE).toMatch(/^Examples:\n( {2}cert-sweep .+\n){3}/m);
  });
});
