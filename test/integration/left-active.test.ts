import { describe, expect, it } from "vitest";
import type { Report } from "../../lib/report/schema.js";
import type { AdminKeyProvider } from "../../lib/secrets.js";
import type { FailureReason } from "../../lib/sweep/result.js";
import {
  ADMIN_KEY,
  deactivateCalls,
  type Harness,
  harnessPerTest,
  REJECTED_KEY_BODY,
} from "../support/harness.js";
import { largeOrg, NOW_SECONDS } from "../support/org-builder.js";

const start = harnessPerTest();
const ORGANIZATION_LEVEL = { DEACTIVATE_ORGANIZATION_CERTIFICATES: "true" };

/** The certificates still active in `activeIds` that the report's policy puts in the window. */
function dueStillActive(harness: Harness, report: Report, activeIds: readonly string[]): string[] {
  const windowEnd = NOW_SECONDS + report.policy.deactivate_within_days * 86_400;
  const due = new Set(
    harness.sim
      .snapshot()
      .certificates.filter((c) => typeof c.expires_at === "number" && c.expires_at <= windowEnd)
      .map((c) => c.id),
  );
  return activeIds.filter((id) => due.has(id)).sort();
}

/** Where a scope's still-active due certificates are accounted for in the report. */
interface Accounted {
  planned: string[];
  failed: { id: string; reason: FailureReason }[];
}

const accountedIn = (scope: Pick<Report["projects"][number], "planned" | "failures">) => ({
  planned: scope.planned.map((c) => c.id),
  failed: scope.failures.flatMap((f) =>
    f.certificates.map((c) => ({ id: c.id, reason: f.reason })),
  ),
});

/**
 * The invariant this feature is about: in every project of the report whose certificates were
 * listed, and at the organization level, each due certificate the simulator still has active is
 * named exactly once, as planned in a dry run and as a failure with `reason` otherwise. Returns
 * how many certificates it checked, at each level.
 */
function expectEveryDueLeftActiveAccounted(
  harness: Harness,
  report: Report,
  reason: FailureReason,
): { projects: number; organization: number } {
  const check = (activeIds: readonly string[], accounted: Accounted) => {
    const left = dueStillActive(harness, report, activeIds);
    const named = [...accounted.planned, ...accounted.failed.map((f) => f.id)].sort();
    expect(named).toEqual(left);
    if (report.dry_run) expect(accounted.failed).toEqual([]);
    else {
      expect(accounted.planned).toEqual([]);
      const byId = [...accounted.failed].sort((a, b) => a.id.localeCompare(b.id));
      expect(byId).toEqual(left.map((id) => ({ id, reason })));
    }
    return left.length;
  };
  let projects = 0;
  for (const p of report.projects) {
    if (p.failures.some((f) => f.stage === "list")) continue; // what it holds is not known
    projects += check(harness.sim.activeInProject(p.id), accountedIn(p));
  }
  const organization = report.policy.deactivate_organization_certificates
    ? check(harness.sim.snapshot().orgActive, accountedIn(report.organization))
    : 0;
  // Every failure that names certificates says it was not attempted, with no request behind it.
  for (const f of [...report.projects.flatMap((p) => p.failures), ...report.organization.failures])
    if (f.certificates.length > 0)
      expect(f).toMatchObject({ stage: "deactivate", reason, request_id: null });
  return { projects, organization };
}

/** The counts and the metrics the alarms watch agree on what was left active and why. */
function expectCountsAndMetricsAgree(
  harness: Harness,
  report: Report,
  left: { projects: number; organization: number },
) {
  const failed = left.projects + left.organization;
  expect(report.counts).toMatchObject({
    certificates_planned: report.dry_run ? left.projects : 0,
    organization_certificates_planned: report.dry_run ? left.organization : 0,
    certificates_failed: report.dry_run ? 0 : left.projects,
    organization_certificates_failed: report.dry_run ? 0 : left.organization,
  });
  expect(harness.metricValues("CertificatesFailed")).toEqual([report.dry_run ? 0 : failed]);
  expect(harness.metricValues("CertificatesPlanned")).toEqual([report.dry_run ? failed : 0]);
}

/** The admin key, always the same one, counting its reads. */
function sameKeyEveryRead() {
  let reads = 0;
  const provider: AdminKeyProvider = {
    get: async () => {
      reads += 1;
      return ADMIN_KEY;
    },
    invalidate: () => {},
  };
  return { provider, reads: () => reads };
}

describe("a real run stopped by a rejected key", () => {
  it("names every due certificate it found and left active as not attempted, run_aborted", async () => {
    // 120 projects, so the project list takes two pages; the second page is answered 401, as for
    // a key revoked mid-run. The projects of the first page being scanned finish, and wait, as
    // the list never completed, for deactivations that can no longer be made.
    const harness = await start({
      organization: largeOrg({ projects: 120, expiring: 1, activeIn: () => [0, 40] }),
      env: ORGANIZATION_LEVEL,
      faults: [
        {
          kind: "respond",
          status: 401,
          method: "GET",
          path: /\/organization\/projects$/,
          skip: 1,
          body: REJECTED_KEY_BODY,
        },
      ],
    });
    const secret = sameKeyEveryRead();
    const result = await harness.run({}, { adminKey: secret.provider });

    // Read again once after the 401; the same key came back, so the run stopped there.
    expect(secret.reads()).toBe(2);
    expect(result.report.errors.map((e) => e.stage)).toEqual(["authentication"]);
    expect(deactivateCalls(harness)).toHaveLength(0);
    expect(result.ok).toBe(false);
    expect(result.report.outcome).toBe("failed");

    const left = expectEveryDueLeftActiveAccounted(harness, result.report, "run_aborted");
    // Some projects were scanned and found cert_00 active; the organization level holds it too.
    expect(left.projects).toBeGreaterThan(0);
    expect(left.projects).toBe(result.report.counts.projects_scanned);
    expect(left.organization).toBe(1);
    expectCountsAndMetricsAgree(harness, result.report, left);
    expect(result.report.organization.failures).toEqual([
      {
        stage: "deactivate",
        reason: "run_aborted",
        error: "not attempted: the run stopped after the Admin API rejected the key",
        request_id: null,
        certificates: [expect.objectContaining({ id: "cert_00" })],
      },
    ]);
    // Not scanned: listed as such, never as planned.
    const notScanned = result.report.projects_not_scanned;
    expect(notScanned.every((p) => p.reason === "run_aborted")).toBe(true);
    expect(result.report.counts.projects_scanned + notScanned.length).toBe(100);
  });
});

describe("the safety cap", () => {
  // Three projects and the organization level each have cert_00 (expired) active: 4 due.
  const fourDue = () => largeOrg({ projects: 3, expiring: 1, activeIn: () => [0, 40] });
  const env = { ...ORGANIZATION_LEVEL, MAX_DEACTIVATIONS_PER_RUN: "3" };

  it("tripped in a real run: each due certificate is a failure with reason safety_cap", async () => {
    const harness = await start({ organization: fourDue(), env });
    const result = await harness.run();

    expect(deactivateCalls(harness)).toHaveLength(0);
    expect(result.ok).toBe(false);
    expect(result.report).toMatchObject({ outcome: "cap_exceeded", cap_tripped: true });
    expect(result.report.counts.certificates_deactivated).toBe(0);

    const left = expectEveryDueLeftActiveAccounted(harness, result.report, "safety_cap");
    expect(left).toEqual({ projects: 3, organization: 1 });
    expectCountsAndMetricsAgree(harness, result.report, left);
    const errors = [
      ...result.report.projects.flatMap((p) => p.failures),
      ...result.report.organization.failures,
    ].map((f) => f.error);
    expect(new Set(errors)).toEqual(
      new Set([
        "not attempted: the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN",
      ]),
    );
  });

  it("tripped in a dry run: the same certificates stay planned, with no failure", async () => {
    const harness = await start({ organization: fourDue(), env: { ...env, DRY_RUN: "true" } });
    const result = await harness.run();

    expect(deactivateCalls(harness)).toHaveLength(0);
    expect(result.report).toMatchObject({ outcome: "cap_exceeded", dry_run: true });
    const left = expectEveryDueLeftActiveAccounted(harness, result.report, "safety_cap");
    expect(left).toEqual({ projects: 3, organization: 1 });
    expect(result.report.projects.flatMap((p) => p.failures)).toEqual([]);
    expect(result.report.organization.failures).toEqual([]);
    expectCountsAndMetricsAgree(harness, result.report, left);
  });
});

describe("the time budget running out between the scan and the deactivations", () => {
  it("names every due certificate left active as not attempted, time_budget", async () => {
    // cert_00 and cert_01 are due, so any project could hold two: with a cap of 5 (3 per project
    // after the organization level's 2), deactivating waits for the last project's scan. The
    // clock jumps past the budget's abort point while that scan is in flight.
    let now = NOW_SECONDS * 1000;
    const harness = await start({
      organization: largeOrg({ projects: 3, expiring: 2, activeIn: (i) => [i % 2, 40] }),
      env: { ...ORGANIZATION_LEVEL, CONCURRENCY: "1", MAX_DEACTIVATIONS_PER_RUN: "5" },
      clock: { now: () => now },
      remainingTimeMs: 300_000,
      onRequest: (request) => {
        if (request.path === "/v1/organization/projects/proj_002/certificates") now += 300_000;
      },
    });
    const result = await harness.run();

    expect(deactivateCalls(harness)).toHaveLength(0);
    expect(result.report.counts.projects_scanned).toBe(3);
    expect(result.report.projects_not_scanned).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.report.outcome).toBe("failed");

    const left = expectEveryDueLeftActiveAccounted(harness, result.report, "time_budget");
    expect(left).toEqual({ projects: 3, organization: 2 });
    expectCountsAndMetricsAgree(harness, result.report, left);
    expect(result.report.organization.failures[0]?.error).toBe(
      "not attempted: the run's time budget ran out",
    );
  });
});
