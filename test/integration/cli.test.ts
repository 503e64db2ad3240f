// `cert-sweep` in process: runCli with a recorded terminal, against the Admin API simulator over
// real HTTP. The built bin in a child process is test/e2e/cli.test.ts.
import * as v from "valibot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { secretReader } from "../../lib/aws.js";
import { SETTING_FLAGS } from "../../lib/cli/args.js";
import { runCli } from "../../lib/cli/run-cli.js";
import { type Report, ReportSchema } from "../../lib/report/schema.js";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import type { Simulator } from "../../lib/simulator/server.js";
import { startAwsEndpoint } from "../support/aws-endpoint.js";
import { stubAwsEnvironment } from "../support/aws-env.js";
import {
  CLI_KEY,
  closedBaseUrl,
  type FakeTerminal,
  type FakeTerminalOptions,
  fakeTerminal,
  posts,
  simulatorPerTest,
} from "../support/cli.js";
import { cert, NOW_SECONDS, org, project } from "../support/org-builder.js";

const start = simulatorPerTest();
const REJECTED_KEY = "sk-admin-revoked-1f2e3d4c5b6a7980";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:cert-sweeper-cli";

/** Payments and Checkout share an expired certificate; Partner API's expires within the day. */
const demo = () => start(demoOrganization(NOW_SECONDS));
const healthy = () =>
  start(org([cert("cert_ok", 200)], [project("proj_a")], { proj_a: ["cert_ok"] }));

const ACTIVE_BEFORE = {
  proj_payments: ["cert_checkout_edge_2026", "cert_payments_gateway_2025"],
  proj_checkout: ["cert_checkout_edge_2026", "cert_payments_gateway_2025"],
  proj_partner_api: ["cert_partner_sftp_2025"],
  proj_support: ["cert_ledger_sync_2024", "cert_support_portal_2025"],
};
const ACTIVE_AFTER = {
  proj_payments: ["cert_checkout_edge_2026"],
  proj_checkout: ["cert_checkout_edge_2026"],
  proj_partner_api: ["cert_partner_sftp_2025"],
  proj_support: ["cert_support_portal_2025"],
};
const active = (sim: Simulator) =>
  Object.fromEntries(Object.keys(ACTIVE_BEFORE).map((id) => [id, sim.activeInProject(id)]));

const envFor = (sim: Simulator, extra: Record<string, string | undefined> = {}) => ({
  OPENAI_ADMIN_KEY: CLI_KEY,
  OPENAI_BASE_URL: sim.url,
  ...extra,
});

/** Runs one command line; whatever it did, the key it was given never shows. */
async function cli(
  argv: string[],
  options: FakeTerminalOptions = {},
): Promise<FakeTerminal & { code: number }> {
  const terminal = fakeTerminal(options);
  const code = await runCli(argv, terminal.io);
  const shown = `${terminal.stdout()}${terminal.stderr()}${JSON.stringify(terminal.prompts)}`;
  expect(shown).not.toContain(CLI_KEY);
  expect(shown).not.toContain(REJECTED_KEY);
  return { ...terminal, code };
}

const reportOf = (stdout: string): Report => {
  const report: unknown = JSON.parse(stdout);
  expect(v.is(ReportSchema, report)).toBe(true);
  return report as Report;
};

const lines = (text: string) => text.split("\n").filter(Boolean);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("cert-sweep plan", () => {
  it("prints a table per project, the organization level and the headline, exits 2, and deactivates nothing", async () => {
    const sim = await demo();
    const { code, stdout, stderr } = await cli(["plan", "--detailed-exitcode"], {
      env: envFor(sim),
    });

    expect(code).toBe(2);
    const out = stdout();
    expect(out).toMatch(
      /^Payments \(proj_payments\)\n {2}CERTIFICATE +NAME +EXPIRES AT +DAYS +ACTION\n {2}cert_payments_gateway_2025 +payments-gateway-ca-2025 +2026-11-25 09:00 UTC +3 ago +would deactivate\n/m,
    );
    expect(out).toMatch(
      /^Partner API \(proj_partner_api\)\n.*\n {2}cert_partner_sftp_2025 .* <1 left +held back, the last valid one \(12 hours left\)\n/m,
    );
    expect(out).toMatch(/^ {2}cert_support_portal_2025 .* 6 left +7-day warning$/m);
    expect(out).toMatch(
      /^Organization level\n.*\n {2}cert_analytics_export_2024 .* 15 ago +left active .*\n {2}Active for the whole organization.*--deactivate-organization-certificates true/m,
    );
    expect(out).toContain(
      "CRITICAL: 1 certificate held back as the last valid one; dry run: would deactivate 3 certificates in 3 projects\nProjects: 6 listed, 5 scanned, 1 skipped, 0 failed, 0 not scanned.",
    );
    expect(stderr()).toBe("");
    expect(posts(sim)).toEqual([]);
    expect(active(sim)).toEqual(ACTIVE_BEFORE);
  });

  it("exits 0 when there is nothing to deactivate", async () => {
    const sim = await healthy();
    const { code, stdout } = await cli(["plan"], { env: envFor(sim) });

    expect(code).toBe(0);
    expect(stdout()).toMatch(/^Nothing to deactivate$/m);
  });

  it("is a dry run even with DRY_RUN=false in the environment", async () => {
    const sim = await demo();
    const { code } = await cli(["plan", "--detailed-exitcode"], {
      env: envFor(sim, { DRY_RUN: "false" }),
    });

    expect(code).toBe(2);
    expect(posts(sim)).toEqual([]);
    expect(active(sim)).toEqual(ACTIVE_BEFORE);
  });

  it("exits 2 when only certificates active for the whole organization would be deactivated", async () => {
    const sim = await demo();
    const { code, stdout } = await cli(
      [
        "plan",
        "--detailed-exitcode",
        "--include-projects",
        "proj_data_platform",
        "--deactivate-organization-certificates",
        "true",
      ],
      { env: envFor(sim) },
    );

    expect(code).toBe(2);
    expect(stdout()).toMatch(
      /^Organization level\n.*\n {2}cert_analytics_export_2024 .* +deactivate$/m,
    );
    expect(posts(sim)).toEqual([]);
  });

  it("asks about the organization level alone when only its certificates are due", async () => {
    const sim = await demo();
    const { code, prompts } = await cli(
      [
        "apply",
        "--include-projects",
        "proj_data_platform",
        "--deactivate-organization-certificates",
        "true",
      ],
      { env: envFor(sim), stdinIsTTY: true, answers: ["yes"] },
    );

    expect(code).toBe(0);
    expect(prompts[0]?.prompt).toContain("Deactivate 1 at the organization level?");
    expect(sim.snapshot().orgActive).toEqual([]);
  });

  it("exits 1 when more certificates are due than MAX_DEACTIVATIONS_PER_RUN allows", async () => {
    const sim = await demo();
    const { code, stdout } = await cli(["plan"], {
      env: envFor(sim, { MAX_DEACTIVATIONS_PER_RUN: "2" }),
    });

    expect(code).toBe(1);
    expect(stdout()).toMatch(
      /^(CRITICAL: .*; )?safety cap tripped: 3 certificates due, limit 2; nothing deactivated$/im,
    );
    expect(posts(sim)).toEqual([]);
  });

  it("exits 1 when the Admin API rejects the key, without printing the key", async () => {
    const sim = await demo();
    const { code, stdout, stderr } = await cli(["plan"], {
      env: envFor(sim, { OPENAI_ADMIN_KEY: REJECTED_KEY }),
    });

    expect(code).toBe(1);
    expect(stdout()).toMatch(/^FAILED: authentication failed/m);
    expect(`${stdout()}${stderr()}`).not.toContain("sk-admi");
  });

  it("exits 1 when the Admin API cannot be reached", async () => {
    const { code, stdout } = await cli(["plan"], {
      env: { OPENAI_ADMIN_KEY: CLI_KEY, OPENAI_BASE_URL: await closedBaseUrl() },
    });

    expect(code).toBe(1);
    expect(stdout()).toMatch(
      /^Error \(list organization certificates\): connection failed \(ECONNREFUSED\)$/m,
    );
  });
});

describe("cert-sweep apply", () => {
  it("with --yes deactivates the due certificates and exits 0; a plan afterwards exits 0", async () => {
    const sim = await demo();
    const applied = await cli(["apply", "--yes"], { env: envFor(sim) });

    expect(applied.code).toBe(0);
    expect(active(sim)).toEqual(ACTIVE_AFTER);
    expect(applied.stdout()).toMatch(/^ {2}cert_payments_gateway_2025 .* 3 ago +deactivated$/m);
    expect(applied.stdout()).toContain(
      "CRITICAL: 1 certificate held back as the last valid one; deactivated 3 certificates in 3 projects\n",
    );

    const again = await cli(["plan"], { env: envFor(sim) });
    expect(again.code).toBe(0);
    // Partner API's last valid certificate is still held back; nothing else is to do.
    expect(again.stdout()).toMatch(
      /^CRITICAL: 1 certificate held back as the last valid one; nothing to deactivate/m,
    );
  });

  it("refuses without --yes when stdin is not a terminal, saying so, before any request", async () => {
    const sim = await demo();
    const { code, stdout, stderr, prompts } = await cli(["apply"], {
      env: envFor(sim),
      stdinIsTTY: false,
    });

    expect(code).toBe(1);
    expect(lines(stderr())[0]).toBe(
      "cert-sweep: UsageError: apply asks for confirmation, but stdin is not a terminal: pass --yes to apply without asking",
    );
    expect(stdout()).toBe("");
    expect(prompts).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it("on a terminal shows the plan, asks, and deactivates on 'yes', then publishes the report", async () => {
    const sim = await demo();
    const { code, prompts, published } = await cli(["apply"], {
      env: envFor(sim, { SNS_TOPIC_ARN: TOPIC }),
      stdinIsTTY: true,
      answers: ["yes"],
    });

    expect(prompts).toHaveLength(1);
    const [question] = prompts;
    expect(question?.prompt).toBe(
      "\nDeactivate 3 certificate(s) in 3 project(s)? Only 'yes' will be accepted: ",
    );
    // The plan was on screen before the question, and nothing had been deactivated yet.
    expect(question?.stdoutSoFar).toMatch(/^ {2}cert_payments_gateway_2025 .* +would deactivate$/m);
    expect(question?.stdoutSoFar).not.toMatch(/ {2}deactivated$/m);
    expect(code).toBe(0);
    expect(active(sim)).toEqual(ACTIVE_AFTER);
    expect(published.map((p) => p.topicArn)).toEqual([TOPIC]);
  });

  it("on a terminal asks about the replacements too, and activates them first on 'yes'", async () => {
    const sim = await demo();
    const { code, prompts } = await cli(["apply", "--activate-replacements", "true"], {
      env: envFor(sim),
      stdinIsTTY: true,
      answers: ["yes"],
    });

    expect(prompts[0]?.prompt).toBe(
      "\nActivate 1 replacement(s), then deactivate 4 certificate(s) in 4 project(s)? Only 'yes' will be accepted: ",
    );
    expect(prompts[0]?.stdoutSoFar).toMatch(/^ {2}cert_partner_sftp_2026 .* +would activate$/m);
    expect(code).toBe(0);
    const writes = sim.requests.filter((r) => r.path.includes("proj_partner_api/certificates/"));
    expect(writes.map((r) => r.path.split("/").at(-1))).toEqual(["activate", "deactivate"]);
    expect(sim.activeInProject("proj_partner_api")).toEqual(["cert_partner_sftp_2026"]);
  });

  it.each(["no", "y", "Yes", "YES", "", "yes please"])(
    "on a terminal, answering %j cancels: exit 1, nothing deactivated, nothing published",
    async (answer) => {
      const sim = await demo();
      const { code, stderr, published } = await cli(["apply"], {
        env: envFor(sim, { SNS_TOPIC_ARN: TOPIC }),
        stdinIsTTY: true,
        answers: [answer],
      });

      expect(code).toBe(1);
      expect(stderr()).toBe("Apply cancelled: nothing was deactivated.\n");
      expect(posts(sim)).toEqual([]);
      expect(active(sim)).toEqual(ACTIVE_BEFORE);
      expect(published).toEqual([]);
    },
  );

  it("on a terminal does not ask when there is nothing to deactivate, and exits 0", async () => {
    const sim = await healthy();
    const { code, prompts } = await cli(["apply"], { env: envFor(sim), stdinIsTTY: true });

    expect(code).toBe(0);
    expect(prompts).toEqual([]);
  });

  it("on a terminal does not ask when the safety cap trips, deactivates nothing, and exits 1", async () => {
    const sim = await demo();
    const { code, prompts, stdout } = await cli(["apply", "--max-deactivations-per-run", "2"], {
      env: envFor(sim),
      stdinIsTTY: true,
    });

    expect(code).toBe(1);
    expect(prompts).toEqual([]);
    expect(stdout()).toMatch(/^ {2}cert_payments_gateway_2025 .* +still active$/m);
    expect(stdout()).toContain("not attempted: the safety cap tripped");
    expect(posts(sim)).toEqual([]);
  });

  it("on a terminal with --yes does not ask", async () => {
    const sim = await demo();
    // The fake terminal fails any question it was not given an answer for.
    const { code, prompts } = await cli(["apply", "--yes"], {
      env: envFor(sim),
      stdinIsTTY: true,
    });

    expect(code).toBe(0);
    expect(prompts).toEqual([]);
    expect(active(sim)).toEqual(ACTIVE_AFTER);
  });

  it.each(["true", "1", "yes", "on", "{CONCURRENCY}"])(
    "refuses when DRY_RUN=%s is in the environment, before any request",
    async (value) => {
      const sim = await demo();
      const { code, stderr } = await cli(["apply", "--yes"], {
        env: envFor(sim, { DRY_RUN: value }),
      });

      expect(code).toBe(1);
      expect(lines(stderr())).toEqual([
        `cert-sweep: ConfigError: DRY_RUN is set ("${value}"), but apply deactivates certificates: run plan for a dry run, or unset DRY_RUN`,
      ]);
      expect(sim.requests).toEqual([]);
    },
  );

  it("applies with DRY_RUN=false in the environment", async () => {
    const sim = await demo();
    const { code } = await cli(["apply", "--yes"], { env: envFor(sim, { DRY_RUN: "FALSE" }) });

    expect(code).toBe(0);
    expect(posts(sim).length).toBeGreaterThan(0);
  });

  it.each([
    ["Ctrl-D", "Aborted with Ctrl+D", 1],
    ["Ctrl-C", "Aborted with Ctrl+C", 130],
  ])(
    "on a terminal, %s at the question cancels like a no, and publishes nothing",
    async (_, why, exit) => {
      const sim = await demo();
      const { code, stderr, prompts, published } = await cli(["apply"], {
        env: envFor(sim, { SNS_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:cert-sweeper" }),
        stdinIsTTY: true,
        interrupt: why,
      });

      expect(prompts).toHaveLength(1);
      expect(code).toBe(exit);
      // One line, and nothing else (test/e2e/terminal.test.ts sees it on a real terminal).
      expect(stderr()).toBe("Apply cancelled: nothing was deactivated.\n");
      expect(posts(sim)).toEqual([]);
      expect(published).toEqual([]);
    },
  );
});

describe("the question", () => {
  it("comes after the plan on the terminal, also when stdout goes to a file, and a no reprints nothing", async () => {
    const sim = await demo();
    const { code, stdout, stderr, prompts } = await cli(["apply"], {
      env: envFor(sim),
      stdinIsTTY: true,
      stdoutIsTTY: false,
      answers: ["no"],
    });

    expect(code).toBe(1);
    // The plan went to the terminal (stderr), saying it awaits the answer; stdout got nothing.
    expect(stdout()).toBe("");
    expect(stderr()).toContain("cert_payments_gateway_2025");
    expect(stderr()).toMatch(
      /^CRITICAL: 1 certificate held back as the last valid one; awaiting confirmation: would deactivate 3 certificates in 3 projects$/m,
    );
    expect(prompts).toHaveLength(1);
    // One line after the answer, and no tables again.
    expect(stderr().endsWith("Apply cancelled: nothing was deactivated.\n")).toBe(true);
    expect(stderr().match(/cert_payments_gateway_2025/g)).toHaveLength(2);
  });

  it("says on the terminal what a yes did when stdout goes to a file, which gets the tables", async () => {
    const sim = await demo();
    const { code, stdout, stderr } = await cli(["apply"], {
      env: envFor(sim),
      stdinIsTTY: true,
      stdoutIsTTY: false,
      answers: ["yes"],
    });

    expect(code).toBe(0);
    expect(stdout()).toMatch(/cert_payments_gateway_2025 .+ deactivated$/m);
    expect(stderr()).toMatch(
      /\nCRITICAL: 1 certificate held back as the last valid one; deactivated 3 certificates in 3 projects\n$/,
    );
  });

  it("adds nothing to stderr after a yes when stdout is the terminal", async () => {
    const sim = await demo();
    const { code, stderr } = await cli(["apply"], {
      env: envFor(sim),
      stdinIsTTY: true,
      answers: ["yes"],
    });
    expect(code).toBe(0);
    expect(stderr()).toBe("");
  });

  it("shows the plan on stdout when stdout is the terminal, headed as awaiting the answer", async () => {
    const sim = await demo();
    const { prompts } = await cli(["apply"], {
      env: envFor(sim),
      stdinIsTTY: true,
      answers: ["no"],
    });
    expect(prompts[0]?.stdoutSoFar).toMatch(
      /awaiting confirmation: would deactivate 3 certificates/,
    );
  });
});

describe("--json", () => {
  it("plan prints only the report, which matches the schema, and exits 2", async () => {
    const sim = await demo();
    const { code, stdout, stderr } = await cli(["plan", "--detailed-exitcode", "--json"], {
      env: envFor(sim),
    });

    expect(code).toBe(2);
    expect(reportOf(stdout())).toMatchObject({
      dry_run: true,
      outcome: "planned",
      counts: { certificates_planned: 3, projects_planned: 3 },
    });
    expect(stderr()).toBe("");
  });

  it("apply --yes prints the report of what was deactivated and exits 0", async () => {
    const sim = await demo();
    const { code, stdout } = await cli(["apply", "--yes", "--json"], { env: envFor(sim) });

    expect(code).toBe(0);
    expect(reportOf(stdout())).toMatchObject({
      dry_run: false,
      outcome: "deactivated",
      counts: { certificates_deactivated: 3 },
    });
  });

  it("still prints a valid report when the run fails or the cap trips, and exits 1", async () => {
    const sim = await demo();
    const rejected = await cli(["plan", "--json"], {
      env: envFor(sim, { OPENAI_ADMIN_KEY: REJECTED_KEY }),
    });
    expect(rejected.code).toBe(1);
    expect(reportOf(rejected.stdout())).toMatchObject({
      outcome: "failed",
      errors: [{ stage: "authentication" }],
    });

    const capped = await cli(["plan", "--json", "--max-deactivations-per-run", "2"], {
      env: envFor(sim),
    });
    expect(capped.code).toBe(1);
    expect(reportOf(capped.stdout())).toMatchObject({ outcome: "cap_exceeded", cap_tripped: true });
  });

  it("on a terminal, apply shows the plan on stderr and keeps stdout for the report", async () => {
    const sim = await demo();
    const { code, stdout, stderr, prompts } = await cli(["apply", "--json"], {
      env: envFor(sim),
      stdinIsTTY: true,
      answers: ["yes"],
    });

    expect(code).toBe(0);
    expect(prompts.map((p) => p.stdoutSoFar)).toEqual([""]);
    expect(stderr()).toMatch(/^Payments \(proj_payments\)$/m);
    expect(reportOf(stdout())).toMatchObject({ outcome: "deactivated" });
  });

  it("on a terminal, a cancelled apply prints the report of what was not done and exits 1", async () => {
    const sim = await demo();
    const { code, stdout, stderr } = await cli(["apply", "--json"], {
      env: envFor(sim),
      stdinIsTTY: true,
      answers: ["no"],
    });

    expect(code).toBe(1);
    expect(reportOf(stdout())).toMatchObject({
      dry_run: false,
      outcome: "planned",
      counts: { certificates_deactivated: 0 },
    });
    expect(stderr()).toContain("Apply cancelled: nothing was deactivated.\n");
    expect(posts(sim)).toEqual([]);
  });
});

describe("a value checked against another", () => {
  it("shows both values: --warn-within-days 0 against DEACTIVATE_WITHIN_DAYS", async () => {
    const { code, stderr } = await cli(["plan", "--warn-within-days", "0"], {
      env: { OPENAI_ADMIN_KEY: CLI_KEY },
    });
    expect(code).toBe(1);
    expect(lines(stderr())).toEqual([
      "cert-sweep: ConfigError: Invalid configuration: --warn-within-days must be at least DEACTIVATE_WITHIN_DAYS, which is 1 (got 0)",
    ]);
  });
});

describe("plan's exit code", () => {
  it("is 0 whatever the plan found; --detailed-exitcode gives 2 for changes and 0 for none", async () => {
    const sim = await demo();
    expect((await cli(["plan"], { env: envFor(sim) })).code).toBe(0);
    expect((await cli(["plan", "--detailed-exitcode"], { env: envFor(sim) })).code).toBe(2);
    await cli(["apply", "--yes"], { env: envFor(sim) });
    expect((await cli(["plan", "--detailed-exitcode"], { env: envFor(sim) })).code).toBe(0);
  });

  it("is 1 on a failure, with or without --detailed-exitcode; stderr says the cause first", async () => {
    const env = { OPENAI_ADMIN_KEY: CLI_KEY, OPENAI_BASE_URL: "http://127.0.0.1:9/v1" };
    const failed = await cli(["plan"], { env });
    expect(failed.code).toBe(1);
    expect(lines(failed.stderr())[0]).toMatch(
      /^cert-sweep: list organization certificates failed: connection failed/,
    );
    expect((await cli(["plan", "--detailed-exitcode"], { env })).code).toBe(1);
  });

  it("--detailed-exitcode is refused for apply", async () => {
    const { code, stderr } = await cli(["apply", "--yes", "--detailed-exitcode"], { env: {} });
    expect(code).toBe(1);
    expect(stderr()).toContain("--detailed-exitcode is for plan");
  });
});

describe("a missing included project", () => {
  it("is said on stderr, named by the flag it came from", async () => {
    const sim = await demo();
    const { code, stderr } = await cli(
      ["plan", "--detailed-exitcode", "--include-projects", "proj_payments,proj_typo"],
      {
        env: envFor(sim),
      },
    );

    expect(code).toBe(2);
    expect(lines(stderr())).toEqual([
      "cert-sweep: --include-projects names projects the organization does not have (a typo?): proj_typo",
    ]);
  });
});

describe("flags and environment variables", () => {
  it("--deactivate-within-days wins over DEACTIVATE_WITHIN_DAYS and plans more", async () => {
    const sim = await demo();
    // Without the guard, which would hold back the last valid certificates the wider window takes.
    const env = envFor(sim, {
      DEACTIVATE_WITHIN_DAYS: "1",
      PROTECT_LAST_VALID_CERTIFICATE: "false",
    });
    const fromEnv = await cli(["plan", "--json"], { env });
    const fromFlag = await cli(["plan", "--json", "--deactivate-within-days", "10"], { env });

    expect(reportOf(fromEnv.stdout()).counts.certificates_planned).toBe(4);
    const report = reportOf(fromFlag.stdout());
    expect(report.policy.deactivate_within_days).toBe(10);
    expect(report.counts.certificates_planned).toBe(5);
    expect(report.projects.flatMap((p) => p.planned.map((c) => c.id))).toContain(
      "cert_support_portal_2025",
    );
  });

  it("--base-url wins over a wrong OPENAI_BASE_URL", async () => {
    const sim = await demo();
    const { code } = await cli(["plan", "--detailed-exitcode", "--base-url", sim.url], {
      env: envFor(sim, { OPENAI_BASE_URL: await closedBaseUrl() }),
    });

    expect(code).toBe(2);
    expect(sim.requests.length).toBeGreaterThan(0);
  });

  it("--secret-id wins over OPENAI_ADMIN_KEY: the key is read from Secrets Manager", async () => {
    const sim = await demo();
    const aws = await startAwsEndpoint({
      secrets: { "cli/openai-admin": JSON.stringify({ OPENAI_ADMIN_KEY: CLI_KEY }) },
    });
    try {
      stubAwsEnvironment(aws.url, "cli");
      const { code } = await cli(
        ["plan", "--detailed-exitcode", "--secret-id", "cli/openai-admin"],
        {
          env: envFor(sim, { OPENAI_ADMIN_KEY: REJECTED_KEY }),
          secretReader,
        },
      );

      expect(code).toBe(2);
      expect(aws.secretRequests).toEqual(["cli/openai-admin"]);
      expect(sim.requests.every((r) => r.authorized)).toBe(true);
    } finally {
      await aws.close();
    }
  });

  it("--sns-topic-arn wins over SNS_TOPIC_ARN: the applied report goes to the flag's topic", async () => {
    const sim = await demo();
    const { code, published } = await cli(["apply", "--yes", "--sns-topic-arn", TOPIC], {
      env: envFor(sim, { SNS_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:somewhere-else" }),
    });

    expect(code).toBe(0);
    expect(published.map((p) => p.topicArn)).toEqual([TOPIC]);
    expect(published[0]?.input.TopicArn).toBe(TOPIC);
  });

  it("fails an apply whose report could not be published: exit 1, and stderr says why", async () => {
    const sim = await demo();
    const { code, stderr } = await cli(["apply", "--yes", "--sns-topic-arn", TOPIC], {
      env: envFor(sim),
      publishFails: true,
    });

    expect(code).toBe(1);
    expect(lines(stderr())).toEqual([
      expect.stringMatching(
        /^cert-sweep: sweep cli-apply-\S+ failed: PublishError: publishing report part 1 of 1 to SNS failed: Error: SNS is unreachable$/,
      ),
    ]);
    // The deactivations themselves happened; the report on stdout says so.
    expect(posts(sim)).toHaveLength(3);
  });

  it("says on stderr why a --json run failed, keeping stdout for the report", async () => {
    const sim = await demo();
    const { code, stdout, stderr } = await cli(["plan", "--json"], {
      env: envFor(sim, { MAX_DEACTIVATIONS_PER_RUN: "1" }),
    });

    expect(code).toBe(1);
    expect(reportOf(stdout()).outcome).toBe("cap_exceeded");
    expect(lines(stderr())).toEqual([expect.stringMatching(/failed: .*safety cap tripped/i)]);
  });

  it.each([
    [
      ["plan", "--concurrency", "lots"],
      '--concurrency must be a whole number from 1 to 20 (got "lots")',
    ],
    [["plan", "--deactivate-within-days", "soon"], "--deactivate-within-days must be a number"],
    [["apply", "--yes", "--include-projects", "payments"], "--include-projects must be"],
  ])(
    "an invalid value (%j) gets one line naming the flag, exit 1, and no request",
    async (argv, message) => {
      const sim = await demo();
      const { code, stdout, stderr } = await cli(argv, { env: envFor(sim) });

      expect(code).toBe(1);
      expect(lines(stderr())).toHaveLength(1);
      expect(stderr()).toMatch(/^cert-sweep: ConfigError: Invalid configuration: /);
      expect(stderr()).toContain(message);
      expect(stdout()).toBe("");
      expect(sim.requests).toEqual([]);
    },
  );

  it("an invalid value in the environment is named by its variable", async () => {
    const sim = await demo();
    const { code, stderr } = await cli(["plan"], { env: envFor(sim, { CONCURRENCY: "lots" }) });

    expect(code).toBe(1);
    expect(lines(stderr())).toEqual([
      'cert-sweep: ConfigError: Invalid configuration: CONCURRENCY must be a whole number from 1 to 20 (got "lots")',
    ]);
    expect(sim.requests).toEqual([]);
  });

  it("--verbose adds the stack trace to an error", async () => {
    const sim = await demo();
    const { code, stderr } = await cli(["plan", "--concurrency", "lots", "--verbose"], {
      env: envFor(sim),
    });

    expect(code).toBe(1);
    expect(stderr()).toMatch(/^cert-sweep: ConfigError: .*--concurrency/);
    expect(stderr()).toMatch(/\n {4}at /);
  });

  it.each([
    [["plan", "--frobnicate"], "Unknown option '--frobnicate'"],
    [["sweep"], 'unknown command "sweep"'],
    [[], "missing command"],
    [["plan", "now"], 'unexpected argument "now"'],
    [["plan", "--yes"], "--yes is for apply"],
  ])("%j gets a one-line usage error and a hint, exit 1, no stack", async (argv, message) => {
    const sim = await demo();
    const { code, stdout, stderr } = await cli(argv, { env: envFor(sim) });

    expect(code).toBe(1);
    const [error, hint, ...rest] = lines(stderr());
    expect(error).toMatch(/^cert-sweep: UsageError: /);
    expect(error).toContain(message);
    expect(hint).toBe("Run cert-sweep --help for the commands and flags.");
    expect(rest).toEqual([]);
    expect(stdout()).toBe("");
    expect(sim.requests).toEqual([]);
  });
});

describe("the admin key", () => {
  it("is not echoed when pasted into the wrong flag", async () => {
    const sim = await demo();
    for (const flag of ["--secret-id", "--base-url", "--include-projects"]) {
      const { code, stderr } = await cli(["plan", flag, CLI_KEY], { env: envFor(sim) });
      expect(code).toBe(1);
      expect(stderr()).toContain("[redacted key]");
    }
  });

  it("is not printed when rejected, even with --verbose and its log lines", async () => {
    const sim = await demo();
    const { code, stdout, stderr } = await cli(["plan", "--verbose"], {
      env: envFor(sim, { OPENAI_ADMIN_KEY: REJECTED_KEY }),
    });

    expect(code).toBe(1);
    // The log line carries the whole report; none of it may carry key material.
    expect(stderr()).toContain('"message":"sweep finished"');
    expect(`${stdout()}${stderr()}`).not.toMatch(/sk-admi|revoked-1f2e/);
  });
});

describe("progress on a terminal", () => {
  const CLEAR_LINE = "\r\x1b[2K";
  // Each Admin API request takes 300 ms of the CLI's clock, so the scan outlasts the second
  // after which the progress line appears, without the test waiting for it.
  async function slowScan(stderrIsTTY: boolean) {
    const clock = { ms: NOW_SECONDS * 1000 };
    const sim = await start(demoOrganization(NOW_SECONDS), {
      onRequest: () => {
        clock.ms += 300;
      },
    });
    return cli(["plan", "--detailed-exitcode"], {
      env: envFor(sim),
      stderrIsTTY,
      now: () => clock.ms,
    });
  }

  it("shows 'Scanning projects: N of M' on stderr during a slow scan, cleared before the tables", async () => {
    const { code, writes, stderr } = await slowScan(true);

    expect(code).toBe(2);
    const drawn = stderr().split(CLEAR_LINE).filter(Boolean);
    expect(drawn.length).toBeGreaterThan(0);
    for (const line of drawn) {
      // The archived project is skipped, so it is not among those to scan.
      expect(line).toMatch(/^Scanning projects: \d of 5\+?, \d certificates? to deactivate$/);
    }
    const firstOut = writes.findIndex((w) => w.stream === "stdout");
    expect(writes.slice(0, firstOut).at(-1)).toEqual({ stream: "stderr", text: CLEAR_LINE });
    expect(writes.slice(firstOut).every((w) => w.stream === "stdout")).toBe(true);
  });

  it("writes nothing to stderr when stderr is not a terminal", async () => {
    const { code, stderr } = await slowScan(false);

    expect(code).toBe(2);
    expect(stderr()).toBe("");
  });
});

describe("help and version", () => {
  it("--help lists every setting flag and the exit codes on stdout, and exits 0", async () => {
    const { code, stdout, stderr } = await cli(["--help"]);

    expect(code).toBe(0);
    for (const [flag, variable] of Object.entries(SETTING_FLAGS)) {
      expect(stdout()).toMatch(new RegExp(`--${flag} +${variable}( \\(default [^)]+\\))?\n`));
    }
    expect(stdout()).toContain("Exit codes: 0 success (plan: whatever it found); 1 failure;");
    expect(stderr()).toBe("");
  });

  it("--version prints the version", async () => {
    const { code, stdout } = await cli(["--version"]);

    expect(code).toBe(0);
    expect(stdout()).toBe("9.9.9-test\n");
  });
});

describe("cert-sweep demo", () => {
  it("publishes only apply's report to a topic: its two plans are dry runs", async () => {
    const { code, published } = await cli(["demo"], { env: { SNS_TOPIC_ARN: TOPIC } });

    expect(code).toBe(0);
    expect(published).toHaveLength(1);
    const attributes = published[0]?.input.MessageAttributes;
    expect(attributes?.dry_run?.StringValue).toBe("false");
    expect(attributes?.outcome?.StringValue).toBe("deactivated");
  });

  it("plans, applies and plans again on the simulator, exiting 2, 0 and 0, and exits 0", async () => {
    // Settings that would point it elsewhere or forbid apply are ignored by the demo.
    const { code, stdout, stderr } = await cli(["demo"], {
      env: {
        OPENAI_ADMIN_KEY: REJECTED_KEY,
        OPENAI_BASE_URL: await closedBaseUrl(),
        DRY_RUN: "true",
      },
    });
    const out = stdout();

    expect(code).toBe(0);
    expect([...out.matchAll(/^\$ (.*)$/gm)].map((m) => m[1])).toEqual([
      "cert-sweep plan --detailed-exitcode",
      "cert-sweep apply --yes",
      "cert-sweep plan --detailed-exitcode",
    ]);
    expect([...out.matchAll(/^\[exit code (\d)/gm)].map((m) => m[1])).toEqual(["2", "0", "0"]);
    expect(out).toMatch(/^(CRITICAL: .*; )?deactivated 3 certificates in 3 projects$/im);
    expect(out).toMatch(
      /^Partner API \(proj_partner_api\)\n(?: {2}.*\n)* {2}cert_partner_sftp_2025 .* held back, the last valid one/m,
    );
    expect(out).toMatch(/^Organization level\n {2}CERTIFICATE/m);
    expect(out).toMatch(
      /\[exit code 0: nothing to do, or all done; \d+ Admin API requests, 3 of them deactivations\]/,
    );
    expect(stderr()).toBe("");
  });

  it("applies other settings as given, such as a wider deactivation window", async () => {
    const { code, stdout } = await cli(["demo", "--deactivate-within-days", "10"]);

    expect(code).toBe(0);
    expect(stdout()).toMatch(/^(CRITICAL: .*; )?deactivated 3 certificates in 3 projects$/im);
    expect(stdout()).toMatch(/^CRITICAL: 2 certificates held back as the last valid one;/m);
  });
});
