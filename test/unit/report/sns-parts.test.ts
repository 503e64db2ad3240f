import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  SNS_MESSAGE_MAX_BYTES,
  snsMessageProblem,
  snsSubjectProblem,
} from "../../../lib/aws-limits.js";
import { buildReport } from "../../../lib/report/build.js";
import { LOG_PART_MAX_BYTES, reportLogParts } from "../../../lib/report/log-parts.js";
import { type Report, ReportSchema } from "../../../lib/report/schema.js";
import { messageBytes, snsMessages } from "../../../lib/report/sns-message.js";
import { splitReport } from "../../../lib/report/split.js";
import { emptyResult } from "../../../lib/sweep/result.js";
import { projectOutcome, runFacts } from "../../support/facts.js";

const NOW_S = Date.parse("2026-11-28T09:00:00.000Z") / 1000;
const TOPIC = "arn:aws:sns:us-east-1:123456789012:cert-sweeper";

/** `projects` projects that each deactivated the same `certificates` certificates. */
function sharedDeactivations(projects: number, certificates: number): Report {
  const certs = Array.from({ length: certificates }, (_, i) => ({
    id: `cert_shared_${String(i).padStart(2, "0")}`,
    name: `shared-mtls-ca-${String(i).padStart(2, "0")}`,
    expires_at: NOW_S - 86_400 * (i + 1),
    requestId: `req_${String(i).padStart(32, "0")}`,
  }));
  const outcomes = Array.from({ length: projects }, (_, i) =>
    projectOutcome(`proj_${String(i).padStart(3, "0")}`, { deactivated: certs }),
  );
  return buildReport(
    {
      ...emptyResult(NOW_S * 1000),
      projectScan: "done",
      projectsListed: projects,
      projectsScanned: projects,
      projects: outcomes,
    },
    runFacts(NOW_S, { maxDeactivationsPerRun: projects * certificates }),
  );
}

const defaultOf = (message: { Message?: string | undefined }) =>
  v.parse(ReportSchema, JSON.parse(JSON.parse(message.Message ?? "{}").default));

describe("SNS parts of a large run", () => {
  // 300 projects that each deactivate the same 25 certificates: 7,500 deactivations.
  const report = sharedDeactivations(300, 25);
  const messages = snsMessages(report, TOPIC);

  it("fit what SNS accepts, each part", () => {
    expect(report.counts.certificates_deactivated).toBe(7_500);
    for (const m of messages) {
      expect(messageBytes(m)).toBeLessThanOrEqual(SNS_MESSAGE_MAX_BYTES);
      const attributes = Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([name, a]) => [
          name,
          { dataType: a.DataType ?? "", value: a.StringValue ?? "" },
        ]),
      );
      expect(snsMessageProblem(m.Message ?? "", attributes)).toBeUndefined();
      expect(snsSubjectProblem(m.Subject ?? "")).toBeUndefined();
    }
  });

  it("are as few as in-order packing allows: no part could take the next part's first project", () => {
    // 9 parts (8 before projects carried held_back, activated and activation_planned); 28 when
    // the JSON report was repeated for sqs, lambda and https as well.
    expect(messages).toHaveLength(9);
    const parts = messages.map(defaultOf);
    for (const [i, part] of parts.entries()) {
      const next = parts[i + 1]?.projects[0];
      if (!next) continue;
      const grown = { ...part, projects: [...part.projects, next] };
      const [merged] = snsMessages(grown, TOPIC, Number.POSITIVE_INFINITY);
      if (!merged) throw new Error("no message");
      expect(messageBytes(merged)).toBeGreaterThan(SNS_MESSAGE_MAX_BYTES);
    }
  });

  it("hold every project once, in order, each part numbered and repeating the counts", () => {
    const parts = messages.map(defaultOf);
    expect(parts.flatMap((p) => p.projects)).toEqual(report.projects);
    for (const [i, part] of parts.entries()) {
      expect(part.part).toEqual({ index: i + 1, count: parts.length });
      expect(part.counts).toEqual(report.counts);
      expect(messages[i]?.Subject).toMatch(new RegExp(`\\(part ${i + 1} of ${parts.length}\\)$`));
    }
  });
});

describe("the parts of a run whose safety cap tripped", () => {
  it("each give the whole run's number of certificates due, not the part's", () => {
    const certs = Array.from({ length: 25 }, (_, i) => ({
      id: `cert_${String(i).padStart(2, "0")}`,
      name: `held-ca-${i}`,
      expires_at: NOW_S - 86_400,
    }));
    const held = (i: number) =>
      projectOutcome(`proj_${String(i).padStart(3, "0")}`, {
        failures: [
          {
            stage: "deactivate",
            reason: "safety_cap",
            error:
              "not attempted: the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN",
            requestId: null,
            certificates: certs,
          },
        ],
      });
    const report = buildReport(
      {
        ...emptyResult(NOW_S * 1000),
        projectScan: "done",
        projects: Array.from({ length: 300 }, (_, i) => held(i)),
        capTripped: true,
      },
      runFacts(NOW_S),
    );
    const messages = snsMessages(report, TOPIC);
    expect(report.outcome).toBe("cap_exceeded");
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.Subject).toMatch(
        /^OpenAI cert sweep: Safety cap tripped: 7500 certificates due, limit 20/,
      );
      expect(JSON.parse(m.Message ?? "{}").email).toContain(
        "The safety cap tripped: 7500 certificates due, more than MAX_DEACTIVATIONS_PER_RUN (20)",
      );
    }
  });
});

describe("splitReport", () => {
  it("keeps a report with no per-project entries as one part", () => {
    const empty = sharedDeactivations(0, 0);
    expect(splitReport(empty, () => true)).toEqual([{ ...empty, part: { index: 1, count: 1 } }]);
  });

  it("refuses, rather than truncate, when even one entry does not fit", () => {
    const one = sharedDeactivations(1, 25);
    expect(() => splitReport(one, (part) => part.projects.length === 0)).toThrow(RangeError);
  });
});

describe("reportLogParts", () => {
  it("gives one event for a report that fits, saying part 1 of 1 and carrying the run id", () => {
    const small = sharedDeactivations(3, 2);
    expect(reportLogParts(small)).toEqual([
      {
        message: "sweep report (part 1 of 1)",
        attributes: { run_id: "run-0001", part: "part 1 of 1", report: small },
      },
    ]);
  });

  it("splits a large report into events of at most LOG_PART_MAX_BYTES", () => {
    const large = sharedDeactivations(300, 25);
    const parts = reportLogParts(large);
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, { message, attributes }] of parts.entries()) {
      expect(message).toBe(`sweep report (part ${i + 1} of ${parts.length})`);
      expect(Buffer.byteLength(JSON.stringify({ message, ...attributes }))).toBeLessThanOrEqual(
        LOG_PART_MAX_BYTES,
      );
    }
    expect(parts.flatMap((p) => p.attributes.report.projects)).toEqual(large.projects);
  });
});
