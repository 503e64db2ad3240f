import { describe, expect, it } from "vitest";
import { buildReport } from "../../../lib/report/build.js";
import { runMetrics } from "../../../lib/report/metrics.js";
import { emptyResult } from "../../../lib/sweep/result.js";
import { projectOutcome, runFacts } from "../../support/facts.js";

const FACTS = runFacts(Date.UTC(2026, 10, 28) / 1000, { runId: "run-1" });
const ref = (id: string) => ({ id, name: null, expires_at: 1_800_000_000 });

function reportWith(capTripped: boolean) {
  const result = emptyResult(Date.UTC(2026, 10, 28));
  result.projectScan = "done";
  result.capTripped = capTripped;
  result.projectsScanned = 2;
  result.projects = [
    projectOutcome("proj_a", {
      name: null,
      deactivated: [ref("c1"), ref("c2")],
      failures: [
        {
          stage: "deactivate",
          reason: "error",
          requestId: null,
          error: "500",
          certificates: [ref("c3")],
        },
      ],
      warnings: [{ ...ref("c4"), days_left: 3 }],
    }),
    projectOutcome("proj_b", { name: null }),
  ];
  return buildReport(result, FACTS);
}

const API = { requests: 0, throttled: 0 };

const byName = (metrics: ReturnType<typeof runMetrics>) =>
  Object.fromEntries(metrics.map((m) => [m.name, { unit: m.unit, value: m.value }]));

describe("runMetrics", () => {
  it("emits every metric the alarms and dashboards use, from the report's counts", () => {
    expect(
      byName(runMetrics(reportWith(false), false, 1234, { requests: 17, throttled: 3 })),
    ).toEqual({
      CertificatesDeactivated: { unit: "Count", value: 2 },
      CertificatesPlanned: { unit: "Count", value: 0 },
      CertificatesFailed: { unit: "Count", value: 1 },
      CertificatesHeldBack: { unit: "Count", value: 0 },
      CertificatesActivated: { unit: "Count", value: 0 },
      ProjectsScanned: { unit: "Count", value: 2 },
      ProjectsFailed: { unit: "Count", value: 1 },
      ProjectsWithoutValidCertificate: { unit: "Count", value: 0 },
      Warnings: { unit: "Count", value: 1 },
      CapTripped: { unit: "Count", value: 0 },
      RunCompleted: { unit: "Count", value: 0 },
      AdminApiRequests: { unit: "Count", value: 17 },
      AdminApiThrottled: { unit: "Count", value: 3 },
      RunDuration: { unit: "Milliseconds", value: 1234 },
    });
  });

  it("beats the heartbeat only for a successful run", () => {
    expect(byName(runMetrics(reportWith(false), true, 1, API)).RunCompleted?.value).toBe(1);
    expect(byName(runMetrics(reportWith(false), false, 1, API)).RunCompleted?.value).toBe(0);
  });

  it("counts organization-level deactivations and failures, so that the alarms see them", () => {
    const report = reportWith(false);
    report.counts.organization_certificates_deactivated = 3;
    report.counts.organization_certificates_failed = 2;
    const metrics = byName(runMetrics(report, false, 1, API));
    expect(metrics.CertificatesDeactivated?.value).toBe(5);
    expect(metrics.CertificatesFailed?.value).toBe(3);
  });

  it("counts projects left without a valid certificate", () => {
    const report = reportWith(false);
    report.counts.projects_without_valid_certificate = 2;
    expect(byName(runMetrics(report, true, 1, API)).ProjectsWithoutValidCertificate?.value).toBe(2);
  });

  it("counts a tripped safety cap", () => {
    expect(byName(runMetrics(reportWith(true), false, 1, API)).CapTripped?.value).toBe(1);
  });
});
