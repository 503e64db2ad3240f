import type { PublishCommandInput } from "@aws-sdk/client-sns";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { PublishError } from "../../lib/errors.js";
import { buildReport, isFailure, outcomeOf, type RunFacts } from "../../lib/report/build.js";
import { publishAll, shouldPublish } from "../../lib/report/publish.js";
import { OUTCOMES, type Report, ReportSchema } from "../../lib/report/schema.js";
import {
  messageBytes,
  SNS_MAX_MESSAGE_BYTES,
  snsMessages,
  subject,
} from "../../lib/report/sns-message.js";
import { headline, renderText } from "../../lib/report/text.js";
import { emptyResult, type ProjectOutcome, type SweepResult } from "../../lib/sweep/result.js";
import type { CertificateRef } from "../../lib/sweep/select.js";

const DAY = 86_400;
const EVALUATED_AT_MS = Date.parse("2025-03-01T12:00:00.000Z");
const NOW_S = EVALUATED_AT_MS / 1000;
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:cert-sweeper";

const FACTS: RunFacts = {
  runId: "run-0001",
  dryRun: false,
  deactivateWithinDays: 1,
  warnWithinDays: 14,
  maxDeactivationsPerRun: 20,
};

const ref = (
  id: string,
  expiresAt: number | undefined,
  name: string | null = `cert ${id}`,
): CertificateRef => ({
  id,
  name,
  expires_at: expiresAt,
});

const project = (id: string, parts: Partial<ProjectOutcome> = {}): ProjectOutcome => ({
  id,
  name: `Project ${id}`,
  deactivated: [],
  planned: [],
  failures: [],
  warnings: [],
  unknownExpiry: [],
  ...parts,
});

const result = (parts: Partial<SweepResult> = {}): SweepResult => ({
  ...emptyResult(EVALUATED_AT_MS),
  projectScan: "done",
  ...parts,
});

const report = (parts: Partial<SweepResult> = {}, facts: Partial<RunFacts> = {}) =>
  buildReport(result(parts), { ...FACTS, ...facts });

/** A report of each outcome, built from results that lead to it. */
const OUTCOME_REPORTS: Record<Report["outcome"], () => Report> = {
  failed: () => report({ runErrors: [{ stage: "list projects", error: "500 boom" }] }),
  cap_exceeded: () =>
    report({
      projects: [project("proj_a", { planned: [ref("c1", NOW_S)] })],
      capTripped: true,
    }),
  planned: () =>
    report({ projects: [project("proj_a", { planned: [ref("c1", NOW_S)] })] }, { dryRun: true }),
  deactivated: () => report({ projects: [project("proj_a", { deactivated: [ref("c1", NOW_S)] })] }),
  nothing_to_do: () => report(),
};

const defaultOf = (input: PublishCommandInput): unknown => {
  const message = JSON.parse(input.Message ?? "") as { default: string; email: string };
  return JSON.parse(message.default);
};
const emailOf = (input: PublishCommandInput): string =>
  (JSON.parse(input.Message ?? "") as { default: string; email: string }).email;

describe("buildReport outcome", () => {
  it("is nothing_to_do when nothing happened", () => {
    expect(report().outcome).toBe("nothing_to_do");
  });

  it("is deactivated when certificates were deactivated", () => {
    expect(OUTCOME_REPORTS.deactivated().outcome).toBe("deactivated");
  });

  it("is planned in a dry run, even when other projects deactivated something", () => {
    const r = report({
      projects: [
        project("proj_a", { planned: [ref("c1", NOW_S)] }),
        project("proj_b", { deactivated: [ref("c2", NOW_S)] }),
      ],
    });
    expect(r.outcome).toBe("planned");
  });

  it("is cap_exceeded when the safety cap tripped, before planned", () => {
    expect(OUTCOME_REPORTS.cap_exceeded().outcome).toBe("cap_exceeded");
  });

  it("is failed when a project failed, even with the cap tripped", () => {
    const r = report({
      projects: [
        project("proj_a", { planned: [ref("c1", NOW_S)] }),
        project("proj_b", { failures: [{ stage: "list", error: "503", certificates: [] }] }),
      ],
      capTripped: true,
    });
    expect(r.outcome).toBe("failed");
  });

  it("is failed when the run had an error", () => {
    expect(OUTCOME_REPORTS.failed().outcome).toBe("failed");
  });

  it("is failed when a project was not scanned for lack of time", () => {
    const r = report({ notScanned: [{ id: "proj_late", name: "Late", reason: "time_budget" }] });
    expect(r.outcome).toBe("failed");
    expect(r.counts.projects_not_scanned).toBe(1);
    expect(r.projects_not_scanned).toEqual([
      { id: "proj_late", name: "Late", reason: "time_budget" },
    ]);
  });

  it("is not failed for an included project the list did not contain, which is still reported", () => {
    const r = report({ missingIncluded: ["proj_gone"] });
    expect(r.outcome).toBe("nothing_to_do");
    expect(r.projects_not_scanned).toEqual([{ id: "proj_gone", name: null, reason: "not_found" }]);
  });

  it("ranks failed > cap_exceeded > planned > deactivated > nothing_to_do", () => {
    const counts = (planned: number, deactivated: number, projectsFailed: number) => ({
      ...report().counts,
      certificates_planned: planned,
      certificates_deactivated: deactivated,
      projects_failed: projectsFailed,
    });
    expect(outcomeOf(counts(1, 1, 1), 0, true, false)).toBe("failed");
    expect(outcomeOf(counts(1, 1, 0), 1, true, false)).toBe("failed");
    expect(outcomeOf(counts(1, 1, 0), 0, true, true)).toBe("failed");
    expect(outcomeOf(counts(1, 1, 0), 0, true, false)).toBe("cap_exceeded");
    expect(outcomeOf(counts(1, 1, 0), 0, false, false)).toBe("planned");
    expect(outcomeOf(counts(0, 1, 0), 0, false, false)).toBe("deactivated");
    expect(outcomeOf(counts(0, 0, 0), 0, false, false)).toBe("nothing_to_do");
  });

  it("marks failed and cap_exceeded runs as failures of the Lambda", () => {
    expect(OUTCOMES.filter((outcome) => isFailure({ outcome }))).toEqual([
      "failed",
      "cap_exceeded",
    ]);
  });
});

describe("buildReport content", () => {
  const full = () =>
    report({
      organization: {
        certificates: 42,
        expiringSoon: [{ ...ref("c_warn", NOW_S + 3 * DAY), days_left: 3 }],
        unknownExpiry: [ref("c_unknown", undefined)],
      },
      projectsListed: 7,
      projectsScanned: 3,
      projects: [
        project("proj_a", {
          deactivated: [ref("c1", NOW_S - DAY), ref("c2", NOW_S + 3600)],
          failures: [
            { stage: "deactivate", error: "500 server error", certificates: [ref("c3", NOW_S)] },
          ],
          warnings: [{ ...ref("c_warn", NOW_S + 3 * DAY), days_left: 3 }],
        }),
        project("proj_quiet"),
        project("proj_b", { unknownExpiry: [ref("c_unknown", undefined, null)] }),
      ],
      skipped: [
        { id: "proj_old", name: "Old", reason: "archived" },
        { id: "proj_x", name: "X", reason: "not_included" },
        { id: "proj_y", name: "Y", reason: "not_included" },
        { id: "proj_ex", name: "Ex", reason: "excluded" },
      ],
      notScanned: [{ id: "proj_late", name: null, reason: "time_budget" }],
      missingIncluded: ["proj_gone"],
    });

  it("counts what was found and done", () => {
    expect(full().counts).toEqual({
      organization_certificates: 42,
      projects_listed: 7,
      projects_scanned: 3,
      projects_failed: 1,
      projects_deactivated: 1,
      projects_planned: 0,
      // One ran out of time, one named in INCLUDE_PROJECTS was not found: both are in the list.
      projects_not_scanned: 2,
      projects_skipped: 4,
      certificates_deactivated: 2,
      certificates_planned: 0,
      certificates_failed: 1,
      warnings: 1,
      unknown_expiry: 1,
    });
  });

  it("writes instants as ISO strings and an unknown expiry as null", () => {
    const r = full();
    expect(r.evaluated_at).toBe("2025-03-01T12:00:00.000Z");
    expect(r.projects[0]?.deactivated).toEqual([
      { id: "c1", name: "cert c1", expires_at: "2025-02-28T12:00:00.000Z" },
      { id: "c2", name: "cert c2", expires_at: "2025-03-01T13:00:00.000Z" },
    ]);
    expect(r.projects[0]?.warnings).toEqual([
      { id: "c_warn", name: "cert c_warn", expires_at: "2025-03-04T12:00:00.000Z", days_left: 3 },
    ]);
    expect(r.organization.unknown_expiry).toEqual([
      { id: "c_unknown", name: "cert c_unknown", expires_at: null },
    ]);
    expect(r.projects[1]?.unknown_expiry).toEqual([
      { id: "c_unknown", name: null, expires_at: null },
    ]);
  });

  it("lists only the projects with something to report", () => {
    expect(full().projects.map((p) => p.id)).toEqual(["proj_a", "proj_b"]);
  });

  it("summarises skipped projects and names the excluded ones", () => {
    expect(full().projects_skipped).toEqual({
      archived: 1,
      not_included: 2,
      excluded: ["proj_ex"],
    });
  });

  it("carries the run facts and policy", () => {
    const r = full();
    expect(r).toMatchObject({
      report_version: 1,
      source: "openai-cert-sweeper",
      run_id: "run-0001",
      dry_run: false,
      policy: { deactivate_within_days: 1, warn_within_days: 14, max_deactivations_per_run: 20 },
      part: { index: 1, count: 1 },
    });
  });

  it("validates against ReportSchema for every outcome", () => {
    expect(v.parse(ReportSchema, full())).toEqual(full());
    for (const make of Object.values(OUTCOME_REPORTS)) {
      const r = make();
      expect(v.parse(ReportSchema, r)).toEqual(r);
    }
  });
});

describe("renderText", () => {
  it("starts with the headline and names projects, certificates and days left", () => {
    const r = report({
      projects: [
        project("proj_a", {
          deactivated: [ref("c1", NOW_S - DAY)],
          warnings: [{ ...ref("c_soon", NOW_S + 5 * DAY), days_left: 5 }],
        }),
      ],
    });
    const text = renderText(r);
    expect(text.split("\n")[0]).toBe(headline(r));
    expect(headline(r)).toBe("Deactivated 1 certificate in 1 project");
    expect(text).toContain("Project proj_a (proj_a)");
    expect(text).toContain("cert c1 (c1), expired 2025-02-28 12:00 UTC");
    expect(text).toContain("cert c_soon (c_soon), expires 2025-03-06 12:00 UTC, 5 days left");
    expect(text).not.toContain("DRY RUN");
  });

  it("says DRY RUN and lists what would be deactivated", () => {
    const r = OUTCOME_REPORTS.planned();
    const text = renderText(r);
    expect(text).toContain("DRY RUN");
    expect(text).toContain("Would deactivate (dry run):");
    expect(text).toContain("cert c1 (c1)");
    expect(headline(r)).toBe("Dry run: would deactivate 1 certificate in 1 project");
  });

  it("explains the safety cap", () => {
    const text = renderText(OUTCOME_REPORTS.cap_exceeded());
    expect(text).toContain(
      "Safety cap tripped: 1 deactivations planned, limit 20; nothing deactivated",
    );
    expect(text).toContain(
      "The safety cap tripped: 1 deactivations planned, more than MAX_DEACTIVATIONS_PER_RUN; nothing was deactivated.",
    );
  });

  it("lists run errors and project failures", () => {
    const r = report({
      runErrors: [{ stage: "list organization certificates", error: "503 unavailable" }],
      projects: [
        project("proj_a", {
          failures: [
            { stage: "deactivate", error: "500 server error", certificates: [ref("c9", NOW_S)] },
          ],
        }),
      ],
    });
    const text = renderText(r);
    // The headline names what failed and leaves out what did not.
    expect(text.split("\n")[0]).toBe(
      "FAILED: list organization certificates failed, 1 project failed; 0 certificates deactivated",
    );
    expect(text).toContain("Run errors:\n  - list organization certificates: 503 unavailable");
    expect(text).toContain("deactivate failed: 500 server error");
    expect(text).toContain("cert c9 (c9)");
  });

  it("explains projects that were not scanned", () => {
    const text = renderText(
      report({
        notScanned: [{ id: "proj_late", name: "Late", reason: "time_budget" }],
        missingIncluded: ["proj_gone"],
      }),
    );
    expect(text).toContain("Late (proj_late): the Lambda's remaining time ran short");
    expect(text).toContain("proj_gone: named in INCLUDE_PROJECTS but not in the project list");
  });

  it("shows organization warnings when projects were not scanned because nothing was due", () => {
    const r = report({
      projectScan: "skipped_nothing_due",
      organization: {
        certificates: 3,
        expiringSoon: [{ ...ref("c_w", NOW_S + 2 * DAY), days_left: 2 }],
        unknownExpiry: [ref("c_u", undefined, null)],
      },
    });
    const text = renderText(r);
    expect(headline(r)).toBe("Nothing to deactivate; 1 certificate expiring within 14 days");
    expect(text).toContain("projects were not scanned");
    expect(text).toContain("cert c_w (c_w), expires 2025-03-03 12:00 UTC, 2 days left");
    expect(text).toContain(
      "Unknown expiry (uploaded to the organization; never deactivated):\n  - c_u",
    );
  });
});

describe("snsMessages", () => {
  it("makes one JSON-structured message for a normal report", () => {
    const r = OUTCOME_REPORTS.deactivated();
    const messages = snsMessages(r, TOPIC);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    if (!message) throw new Error("no message");
    expect(message.TopicArn).toBe(TOPIC);
    expect(message.MessageStructure).toBe("json");
    expect(defaultOf(message)).toEqual(r);
    expect(emailOf(message)).toBe(renderText(r));
    // SQS, Lambda and HTTPS subscribers get the JSON report too, not the email text.
    const bodies = JSON.parse(message.Message ?? "") as Record<string, string>;
    expect(Object.keys(bodies).sort()).toEqual(["default", "email", "https", "lambda", "sqs"]);
    for (const protocol of ["sqs", "lambda", "https"])
      expect(bodies[protocol]).toBe(bodies.default);
    expect(message.Subject).toBe("OpenAI cert sweep: Deactivated 1 certificate in 1 project");
    expect(messageBytes(message)).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
  });

  it("sets message attributes for subscription filters", () => {
    const r = report({
      projects: [
        project("proj_a", {
          deactivated: [ref("c1", NOW_S), ref("c2", NOW_S), ref("c3", NOW_S)],
          failures: [{ stage: "deactivate", error: "500", certificates: [ref("c4", NOW_S)] }],
          warnings: [{ ...ref("w", NOW_S + DAY * 2), days_left: 2 }],
        }),
        // The same certificate about to expire in a second project counts once.
        project("proj_b", { warnings: [{ ...ref("w", NOW_S + DAY * 2), days_left: 2 }] }),
      ],
      organization: {
        certificates: 9,
        // Uploaded but active in no scanned project: not a warning once projects were scanned.
        expiringSoon: [
          { ...ref("w", NOW_S + DAY * 2), days_left: 2 },
          { ...ref("idle", NOW_S + DAY * 3), days_left: 3 },
        ],
        unknownExpiry: [],
      },
    });
    const [message] = snsMessages(r, TOPIC);
    expect(message?.MessageAttributes).toEqual({
      outcome: { DataType: "String", StringValue: "failed" },
      dry_run: { DataType: "String", StringValue: "false" },
      cap_tripped: { DataType: "String", StringValue: "false" },
      run_id: { DataType: "String", StringValue: "run-0001" },
      deactivated_count: { DataType: "Number", StringValue: "3" },
      planned_count: { DataType: "Number", StringValue: "0" },
      failed_count: { DataType: "Number", StringValue: "1" },
      failed_projects: { DataType: "Number", StringValue: "1" },
      warning_count: { DataType: "Number", StringValue: "1" },
    });
  });

  it("keeps non-ASCII names intact in the message and out of the Subject", () => {
    const r = report({
      projects: [
        project("proj_z", {
          name: "Zürich ✓ 東京",
          deactivated: [ref("c1", NOW_S, "Ünïcødé cert 🔐")],
        }),
      ],
    });
    const [message] = snsMessages(r, TOPIC);
    if (!message) throw new Error("no message");
    expect(message.Subject).toMatch(/^[\x20-\x7e]{1,100}$/);
    expect(emailOf(message)).toContain("Zürich ✓ 東京");
    expect(emailOf(message)).toContain("Ünïcødé cert 🔐");
    expect(defaultOf(message)).toEqual(r);
  });

  it("keeps every Subject to at most 100 printable ASCII characters", () => {
    const many = Array.from({ length: 123_456 }, (_, i) => ({
      id: `proj_${i}`,
      name: null,
      reason: "time_budget" as const,
    }));
    const long = buildReport(
      result({
        notScanned: many,
        runErrors: Array.from({ length: 1_000 }, () => ({
          stage: "internal" as const,
          error: "x",
        })),
      }),
      FACTS,
    );
    const reports = [
      long,
      { ...long, part: { index: 12, count: 345 } },
      ...Object.values(OUTCOME_REPORTS).map((make) => make()),
    ];
    for (const r of reports) {
      const s = subject(r);
      expect(s, s).toMatch(/^[\x20-\x7e]{1,100}$/);
    }
    expect(subject(long).length).toBe(100);
    expect(subject(long).endsWith("...")).toBe(true);
    expect(
      subject({ ...long, part: { index: 12, count: 345 } }).endsWith("... (part 12 of 345)"),
    ).toBe(true);
  });

  it("splits a large report into parts that each fit, validate and carry every project once", () => {
    const projects = Array.from({ length: 80 }, (_, i) =>
      project(`proj_${String(i).padStart(3, "0")}`, {
        deactivated: Array.from({ length: 4 }, (_, j) =>
          ref(`cert_${i}_${j}`, NOW_S - j * DAY, `certificate ${"x".repeat(60)} ${i}/${j}`),
        ),
        warnings: [{ ...ref(`warn_${i}`, NOW_S + 4 * DAY), days_left: 4 }],
      }),
    );
    const notScanned = Array.from({ length: 10 }, (_, i) => ({
      id: `proj_late_${i}`,
      name: null,
      reason: "time_budget" as const,
    }));
    const r = report({ projects, notScanned });
    const maxBytes = 20_000;
    const messages = snsMessages(r, TOPIC, maxBytes);

    expect(messages.length).toBeGreaterThan(1);
    const parts = messages.map((m) => v.parse(ReportSchema, defaultOf(m)));
    messages.forEach((message, i) => {
      expect(messageBytes(message), `part ${i + 1}`).toBeLessThanOrEqual(maxBytes);
      expect(parts[i]?.part).toEqual({ index: i + 1, count: messages.length });
      expect(parts[i]?.counts).toEqual(r.counts);
      expect(parts[i]?.outcome).toBe(r.outcome);
      expect(message.Subject).toContain(`(part ${i + 1} of ${messages.length})`);
      expect(emailOf(message)).toContain(`(part ${i + 1} of ${messages.length})`);
    });
    const projectIds = parts.flatMap((p) => p.projects.map((x) => x.id));
    expect(projectIds).toEqual(r.projects.map((p) => p.id));
    const notScannedIds = parts.flatMap((p) => p.projects_not_scanned.map((x) => x.id));
    expect(notScannedIds).toEqual(notScanned.map((p) => p.id));
  });

  it("refuses a size limit that one entry cannot fit in", () => {
    const r = OUTCOME_REPORTS.deactivated();
    expect(() => snsMessages(r, TOPIC, 500)).toThrow(RangeError);
  });
});

describe("shouldPublish", () => {
  it.each(OUTCOMES)("publishes a %s run when NOTIFY_ON is always", (outcome) => {
    expect(shouldPublish(OUTCOME_REPORTS[outcome](), "always")).toBe(true);
  });

  it.each(OUTCOMES.filter((o) => o !== "nothing_to_do"))(
    "publishes a %s run when NOTIFY_ON is changes",
    (outcome) => {
      expect(shouldPublish(OUTCOME_REPORTS[outcome](), "changes")).toBe(true);
    },
  );

  it("stays quiet about a nothing_to_do run when NOTIFY_ON is changes", () => {
    expect(shouldPublish(OUTCOME_REPORTS.nothing_to_do(), "changes")).toBe(false);
  });
});

describe("publishAll", () => {
  const inputs = (n: number): PublishCommandInput[] =>
    Array.from({ length: n }, (_, i) => ({ TopicArn: TOPIC, Message: `part ${i + 1}` }));

  it("sends every part in order", async () => {
    const sent: (string | undefined)[] = [];
    await publishAll(inputs(3), async (input) => {
      sent.push(input.Message);
    });
    expect(sent).toEqual(["part 1", "part 2", "part 3"]);
  });

  it("stops at a failed part and throws a PublishError naming it, without key material", async () => {
    const sent: (string | undefined)[] = [];
    const failure = Object.assign(new Error("denied for Bearer sk-admin-leaked-123456"), {
      name: "AuthorizationErrorException",
    });
    const error = await publishAll(inputs(3), async (input) => {
      if (input.Message === "part 2") throw failure;
      sent.push(input.Message);
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PublishError);
    const message = (error as PublishError).message;
    expect(message).toContain("part 2 of 3");
    expect(message).toContain("AuthorizationErrorException");
    expect(message).not.toContain("sk-admin-leaked");
    expect(sent).toEqual(["part 1"]);
    // One part had gone out before the failure: the run's summary counts it.
    expect((error as PublishError).sent).toBe(1);
  });

  it("does nothing for no parts", async () => {
    let calls = 0;
    await publishAll([], async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});
