import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { SNS_MESSAGE_MAX_BYTES } from "../../../lib/aws-limits.js";
import { buildReport } from "../../../lib/report/build.js";
import { type Report, ReportSchema } from "../../../lib/report/schema.js";
import { messageBytes, snsMessages, subject } from "../../../lib/report/sns-message.js";
import { renderText } from "../../../lib/report/text.js";
import { emptyResult } from "../../../lib/sweep/result.js";
import type { FactsChanges } from "../../support/facts.js";
import {
  DAY,
  DIGEST,
  defaultOf,
  EVALUATED_AT_MS,
  emailOf,
  FACTS,
  NEW_7D,
  NOW_S,
  OLD_3D,
  OUTCOME_REPORTS,
  project,
  ref,
  report,
  result,
  SCENARIOS,
  TOPIC,
  warning,
} from "../../support/report-fixtures.js";

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
    // The JSON report goes once, as `default`, which SQS, Lambda, HTTPS and email-json
    // subscribers get; the text once, for email. Nothing is repeated per protocol.
    const bodies = JSON.parse(message.Message ?? "") as Record<string, string>;
    expect(Object.keys(bodies).sort()).toEqual(["default", "email"]);
    expect(message.Subject).toBe("OpenAI cert sweep: Deactivated 1 certificate in 1 project");
    expect(messageBytes(message)).toBeLessThanOrEqual(SNS_MESSAGE_MAX_BYTES);
  });

  it("sets message attributes for subscription filters", () => {
    const r = report({
      projects: [
        project("proj_a", {
          deactivated: [ref("c1", NOW_S), ref("c2", NOW_S), ref("c3", NOW_S)],
          failures: [
            {
              stage: "deactivate",
              reason: "error",
              requestId: null,
              error: "500",
              certificates: [ref("c4", NOW_S)],
            },
          ],
          warnings: [{ ...ref("w", NOW_S + DAY * 2), days_left: 2 }],
        }),
        // The same certificate about to expire in a second project counts once.
        project("proj_b", { warnings: [{ ...ref("w", NOW_S + DAY * 2), days_left: 2 }] }),
      ],
      organization: {
        ...emptyResult(EVALUATED_AT_MS).organization,
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
      severity: { DataType: "String", StringValue: "critical" },
      dry_run: { DataType: "String", StringValue: "false" },
      run_id: { DataType: "String", StringValue: "run-0001" },
      deactivated_count: { DataType: "Number", StringValue: "3" },
      planned_count: { DataType: "Number", StringValue: "0" },
      failed_count: { DataType: "Number", StringValue: "1" },
      activated_count: { DataType: "Number", StringValue: "0" },
      warning_count: { DataType: "Number", StringValue: "1" },
      // proj_b has only an old warning: w crossed its 3-day tier at the previous run's slot.
      project_ids: { DataType: "String.Array", StringValue: '["proj_a"]' },
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

  it("keeps every Subject to at most 99 printable ASCII characters", () => {
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
          requestId: null,
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
      expect(s, s).toMatch(/^[\x20-\x7e]{1,99}$/);
    }
    // SNS takes a Subject of fewer than 100 characters: 100 is refused.
    expect(subject(long).length).toBe(99);
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

describe("snsMessages attributes", () => {
  const attributesOf = (r: Report) => {
    const [message] = snsMessages(r, TOPIC);
    if (!message?.MessageAttributes) throw new Error("no attributes");
    return message.MessageAttributes;
  };
  const projectIdsOf = (r: Report): unknown => {
    const value = attributesOf(r).project_ids?.StringValue;
    return value === undefined ? undefined : JSON.parse(value);
  };
  /** One project of each kind: only the first four have news for their owners. */
  const mixed = (facts: FactsChanges = {}) =>
    report(
      {
        projects: [
          project("proj_dead", { deactivated: [ref("c1", NOW_S - DAY)] }),
          project("proj_plan", { planned: [ref("c2", NOW_S - DAY)] }),
          project("proj_fail", {
            failures: [
              { stage: "list", reason: "error", requestId: null, error: "503", certificates: [] },
            ],
          }),
          project("proj_new", { warnings: [warning("c_new", NEW_7D)] }),
          project("proj_old", { warnings: [warning("c_old", OLD_3D)] }),
          project("proj_unknown", { unknownExpiry: [ref("c_unknown", undefined)] }),
        ],
      },
      facts,
    );

  it("never sets more than 10 attributes (SQS raw delivery drops messages with more)", () => {
    const reports = [
      mixed(),
      mixed(DIGEST),
      ...Object.values(OUTCOME_REPORTS).map((make) => make()),
      ...Object.values(SCENARIOS).map((make) => make()),
    ];
    for (const r of reports) {
      expect(Object.keys(attributesOf(r)).length).toBeLessThanOrEqual(10);
    }
    expect(attributesOf(mixed())).toHaveProperty("project_ids");
  });

  it("carries the severity", () => {
    expect(attributesOf(SCENARIOS.lastCertificateDeactivated()).severity).toEqual({
      DataType: "String",
      StringValue: "critical",
    });
    expect(attributesOf(SCENARIOS.announcedWarning()).severity?.StringValue).toBe("warning");
    expect(attributesOf(SCENARIOS.oldWarning()).severity?.StringValue).toBe("info");
  });

  it("names in project_ids only the projects the message says something new about", () => {
    expect(attributesOf(mixed()).project_ids).toEqual({
      DataType: "String.Array",
      StringValue: JSON.stringify(["proj_dead", "proj_plan", "proj_fail", "proj_new"]),
    });
  });

  it("names in the digest every project with a warning", () => {
    expect(projectIdsOf(mixed(DIGEST))).toEqual([
      "proj_dead",
      "proj_plan",
      "proj_fail",
      "proj_new",
      "proj_old",
    ]);
  });

  it("leaves project_ids out when no project has news", () => {
    expect(attributesOf(SCENARIOS.oldWarning())).not.toHaveProperty("project_ids");
    expect(attributesOf(OUTCOME_REPORTS.nothing_to_do())).not.toHaveProperty("project_ids");
    expect(attributesOf(SCENARIOS.organizationDeactivated())).not.toHaveProperty("project_ids");
  });

  it("counts organization-level certificates in deactivated_count and planned_count", () => {
    expect(attributesOf(SCENARIOS.organizationDeactivated()).deactivated_count).toEqual({
      DataType: "Number",
      StringValue: "1",
    });
    expect(attributesOf(SCENARIOS.organizationPlanned()).planned_count).toEqual({
      DataType: "Number",
      StringValue: "1",
    });
  });

  it("carries in each part of a split report only that part's project ids", () => {
    // Every third project has only an old warning: in no part's project_ids.
    const projects = Array.from({ length: 45 }, (_, i) => {
      const n = String(i).padStart(3, "0");
      const name = `project ${"x".repeat(80)} ${i}`;
      return i % 3 === 0
        ? project(`proj_old_${n}`, { name, warnings: [warning(`old_${i}`, OLD_3D)] })
        : project(`proj_hit_${n}`, {
            name,
            deactivated: [ref(`cert_${i}`, NOW_S - DAY, `certificate ${"x".repeat(80)} ${i}`)],
          });
    });
    const messages = snsMessages(report({ projects }), TOPIC, 12_000);
    expect(messages.length).toBeGreaterThan(2);
    const named = messages.flatMap((message) => {
      const part = v.parse(ReportSchema, defaultOf(message));
      const expected = part.projects.map((p) => p.id).filter((id) => id.startsWith("proj_hit_"));
      expect(message.MessageAttributes?.project_ids).toEqual(
        expected.length === 0
          ? undefined
          : { DataType: "String.Array", StringValue: JSON.stringify(expected) },
      );
      return expected;
    });
    expect(named).toEqual(projects.map((p) => p.id).filter((id) => id.startsWith("proj_hit_")));
  });
});
