import { Logger } from "@aws-lambda-powertools/logger";
import * as v from "valibot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LOG_EVENT_MAX_BYTES } from "../../lib/aws-limits.js";
import { type Report, ReportSchema } from "../../lib/report/schema.js";
import { harnessPerTest } from "../support/harness.js";
import { cert, DAY, NOW_SECONDS, org, project } from "../support/org-builder.js";

// When SNS refuses for good, the report must still reach the log, in events that CloudWatch Logs'
// older limit and common log forwarders take (256 KB each), each a whole JSON object.
const start = harnessPerTest();

afterEach(() => {
  vi.restoreAllMocks();
});

const PROJECTS = 1_000;
const long = (label: string, i: number) => `${label} ${i} ${"x".repeat(180)}`;

/** 1,000 projects, each with two expired certificates active and long names: a report of MBs. */
function thousandProjects() {
  const certificates = Array.from({ length: 40 }, (_, i) =>
    cert(`cert_${String(i).padStart(2, "0")}`, -1 - i, { name: long("certificate", i) }),
  );
  const projects = Array.from({ length: PROJECTS }, (_, i) =>
    project(`proj_${String(i).padStart(4, "0")}`, {
      name: long("project", i),
      created_at: NOW_SECONDS - 500 * DAY + i,
    }),
  );
  const active = Object.fromEntries(
    projects.map((p, i) => [p.id, [`cert_${String(i % 40).padStart(2, "0")}`, "cert_39"]]),
  );
  return org(certificates, projects, active);
}

/** Every line the real Powertools Logger writes, as the Lambda runtime would ship it. */
function captureLogLines(): string[] {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  return lines;
}

describe("a report that SNS refused", () => {
  it("goes to the log in parts of at most 256 KB that each parse and together hold it all", async () => {
    const harness = await start({
      organization: thousandProjects(),
      env: { MAX_DEACTIVATIONS_PER_RUN: "10000", CONCURRENCY: "16" },
      publish: () => Promise.reject(new Error("SNS is down")),
    });
    const lines = captureLogLines();
    // No run_id appended to the logger here: each part must carry it itself.
    const logger = new Logger({ serviceName: "openai-cert-sweeper" });
    const result = await harness.run({}, { logger });
    vi.restoreAllMocks();

    expect(result.ok).toBe(false);
    expect(result.report.projects).toHaveLength(PROJECTS);
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const summary = events.find((e) => e.message === "sweep finished");
    const parts = events.filter((e) => String(e.message).startsWith("sweep report"));
    expect(parts.length).toBeGreaterThan(3);
    expect(summary).toMatchObject({ level: "ERROR", report_log_parts: parts.length });
    for (const line of lines)
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(LOG_EVENT_MAX_BYTES);

    const reports = parts.map((event, i) => {
      const label = `part ${i + 1} of ${parts.length}`;
      expect(event).toMatchObject({ message: `sweep report (${label})`, part: label });
      expect(event.run_id).toBe("run-test-1");
      const part = v.parse(ReportSchema, event.report);
      expect(part.part).toEqual({ index: i + 1, count: parts.length });
      return part;
    });
    // Together: every project once, in order; each part repeats the header, counts and organization.
    const whole = (r: Report) => ({ ...r, projects: [], projects_not_scanned: [], part: null });
    for (const part of reports) expect(whole(part)).toEqual(whole(result.report));
    expect(reports.flatMap((r) => r.projects)).toEqual(result.report.projects);
    expect(reports.flatMap((r) => r.projects_not_scanned)).toEqual(
      result.report.projects_not_scanned,
    );
  });
});
