import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { type Report, ReportSchema } from "../../lib/report/schema.js";
import { renderText } from "../../lib/report/text.js";
import type { SimCertificate } from "../../lib/simulator/organization.js";
import { type Harness, harnessPerTest } from "../support/harness.js";
import { cert, DAY, NOW_SECONDS, org, project } from "../support/org-builder.js";

const start = harnessPerTest();
const HOUR = 3600;

// A month of daily runs at 06:00 UTC from Tuesday 2026-12-01: slot(d) is day d's scheduled time.
const FIRST_SLOT = Date.UTC(2026, 11, 1, 6, 0, 0) / 1000;
const slot = (d: number) => FIRST_SLOT + d * DAY;
const DAYS = 31;

const certificate = (id: string, expiresAt: number, createdAt = NOW_SECONDS - 400 * DAY) =>
  ({ id, name: `${id}-name`, created_at: createdAt, expires_at: expiresAt }) as SimCertificate;

/**
 * proj_a holds alpha and beta only, proj_b alpha and a healthy one, proj_c gets gamma, uploaded
 * part-way through the month with under five days left; idle is uploaded but active nowhere.
 */
function monthOrganization() {
  const certificates = [
    certificate("cert_alpha", slot(20) + 7 * HOUR + 37 * 60),
    certificate("cert_beta", slot(9) - 5 * HOUR),
    certificate("cert_keep", slot(200)),
    certificate("cert_idle", slot(25) + HOUR),
  ];
  const organization = org(
    certificates,
    [project("proj_a"), project("proj_b"), project("proj_c")],
    { proj_a: ["cert_alpha", "cert_beta"], proj_b: ["cert_alpha", "cert_keep"], proj_c: [] },
  );
  return { ...organization, orgActive: [] };
}
const GAMMA = certificate("cert_gamma", slot(15), slot(10) + 6 * HOUR);

interface Day {
  day: number;
  reports: Report[];
}

/** Runs the schedule for a month on a fake clock; returns what each day published. */
async function runMonth(
  harness: Harness,
  clock: { ms: number },
  options: { env?: Record<string, string>; scheduled?: boolean; jitterSeconds?: number } = {},
): Promise<Day[]> {
  const days: Day[] = [];
  for (let day = 0; day < DAYS; day++) {
    if (day === 10) {
      clock.ms = (slot(10) + 6 * HOUR) * 1000;
      harness.sim.upload(GAMMA, ["proj_c"]);
    }
    // The Lambda starts a few seconds after its slot; without the scheduler's time, the run rounds
    // its start down to the minute.
    clock.ms = (slot(day) + ((options.jitterSeconds ?? 7) * ((day % 5) + 1)) / 5) * 1000;
    const before = harness.published.length;
    const outcome = await harness.run(
      options.env ?? {},
      {},
      {
        id: `day-${day}`,
        ...(options.scheduled === false ? {} : { scheduledAt: slot(day) }),
      },
    );
    expect(outcome.ok, `day ${day}: ${outcome.report.errors.map((e) => e.error)}`).toBe(true);
    const reports = harness.publishedReports().slice(before);
    for (const report of reports) expect(v.is(ReportSchema, report)).toBe(true);
    days.push({ day, reports });
  }
  return days;
}

/** "cert@tier" for each warning a report announces (a certificate active in two projects, once). */
const announced = (report: Report) => [
  ...new Set(
    report.projects.flatMap((p) =>
      p.warnings.filter((w) => w.tier_days !== null).map((w) => `${w.id}@${w.tier_days}`),
    ),
  ),
];

const byDay = (days: Day[], pick: (r: Report) => string[]) =>
  Object.fromEntries(
    days
      .map(({ day, reports }) => [day, reports.flatMap(pick)] as const)
      .filter(([, items]) => items.length > 0),
  );

async function monthHarness() {
  const clock = { ms: slot(0) * 1000 };
  const harness = await start({
    organization: monthOrganization(),
    clock: { now: () => clock.ms },
    // A project losing its last valid certificate is part of what the month shows: no guard.
    env: { PROTECT_LAST_VALID_CERTIFICATE: "false" },
  });
  return { harness, clock };
}

describe("a month of daily runs (NOTIFY_ON=changes, tiers 14, 7 and 3 days)", () => {
  it("announces each certificate once per tier, on the day it crosses it, and deactivates it once", async () => {
    const { harness, clock } = await monthHarness();
    const days = await runMonth(harness, clock);

    expect(byDay(days, announced)).toEqual({
      2: ["cert_beta@7"],
      6: ["cert_beta@3"],
      7: ["cert_alpha@14"],
      // Uploaded on day 10 with under five days left: its 14- and 7-day tiers were crossed at
      // upload, and the run after announces the more urgent one.
      11: ["cert_gamma@7"],
      12: ["cert_gamma@3"],
      14: ["cert_alpha@7"],
      18: ["cert_alpha@3"],
    });
    const deactivated = (r: Report) =>
      r.projects.flatMap((p) => p.deactivated.map((c) => `${c.id} in ${p.id}`));
    expect(byDay(days, deactivated)).toEqual({
      8: ["cert_beta in proj_a"],
      14: ["cert_gamma in proj_c"],
      20: ["cert_alpha in proj_a", "cert_alpha in proj_b"],
    });
    // Nothing else was published: the days in between are quiet.
    expect(days.filter((d) => d.reports.length > 0).map((d) => d.day)).toEqual([
      2, 6, 7, 8, 11, 12, 14, 18, 20,
    ]);
    expect(harness.sim.activeInProject("proj_b")).toEqual(["cert_keep"]);
  });

  it("rates each message: a warning, a deactivation, and a project left without a valid certificate", async () => {
    const { harness, clock } = await monthHarness();
    const days = await runMonth(harness, clock);
    const severity = (day: number) => days[day]?.reports.map((r) => r.severity);

    expect(severity(2)).toEqual(["warning"]);
    // beta goes, but alpha still serves proj_a.
    expect(severity(8)).toEqual(["high"]);
    // gamma was proj_c's only certificate; on day 20 alpha was proj_a's last one.
    expect(severity(14)).toEqual(["critical"]);
    expect(severity(20)).toEqual(["critical"]);
    const critical = (r: Report) =>
      r.projects.filter((p) => p.no_valid_certificate_left).map((p) => p.id);
    expect(byDay(days, critical)).toEqual({ 14: ["proj_c"], 20: ["proj_a"] });
  });

  it("gives the same announcements when the runs start late and only their start is known", async () => {
    const { harness, clock } = await monthHarness();
    const days = await runMonth(harness, clock, { scheduled: false, jitterSeconds: 50 });

    expect(Object.values(byDay(days, announced)).flat()).toEqual([
      "cert_beta@7",
      "cert_beta@3",
      "cert_alpha@14",
      "cert_gamma@7",
      "cert_gamma@3",
      "cert_alpha@7",
      "cert_alpha@3",
    ]);
  });

  it("sends a Monday digest listing every warning, announced before or not", async () => {
    const { harness, clock } = await monthHarness();
    const days = await runMonth(harness, clock, { env: { DIGEST_WEEKDAY: "monday" } });

    const digests = days.filter((d) => d.reports.some((r) => r.digest)).map((d) => d.day);
    // Mondays 7, 14 and 21 December (days 6, 13 and 20); on the 28th nothing is in the window.
    expect(digests).toEqual([6, 13, 20]);
    const monday = days[13]?.reports[0];
    expect(monday?.severity).toBe("warning");
    // alpha, whose 7-day tier is the next day's, and gamma, a day before its deactivation.
    const alpha = monday?.projects.find((p) => p.id === "proj_b")?.warnings[0];
    expect(alpha).toMatchObject({ id: "cert_alpha", tier_days: null, days_left: 7 });
    const gamma = monday?.projects.find((p) => p.id === "proj_c")?.warnings[0];
    expect(gamma).toMatchObject({ id: "cert_gamma", tier_days: null, days_left: 1 });
    expect(monday && renderText(monday)).toMatch(/^Weekly digest: 2 certificates expiring within/);
  });
});

describe("message attributes for subscription filter policies", () => {
  it("carry the severity and the ids of the projects the message is about", async () => {
    const organization = org(
      [cert("cert_old", -2), cert("cert_new", 60), cert("cert_soon", 10)],
      [project("proj_a"), project("proj_b"), project("proj_c")],
      {
        proj_a: ["cert_old"],
        proj_b: ["cert_old", "cert_new"],
        // Warned about in earlier runs only: nothing new for proj_c's owners.
        proj_c: ["cert_soon"],
      },
    );
    const harness = await start({ organization: { ...organization, orgActive: [] } });
    await harness.run();

    const attributes = harness.published[0]?.MessageAttributes ?? {};
    expect(Object.keys(attributes).length).toBeLessThanOrEqual(10);
    expect(attributes.severity).toEqual({ DataType: "String", StringValue: "critical" });
    expect(attributes.project_ids).toEqual({
      DataType: "String.Array",
      StringValue: JSON.stringify(["proj_a", "proj_b"]),
    });
    const [report] = harness.publishedReports();
    expect(report?.projects.find((p) => p.id === "proj_a")?.no_valid_certificate_left).toBe(true);
    expect(report?.projects.find((p) => p.id === "proj_b")?.no_valid_certificate_left).toBe(false);
  });
});

const orgDeactivations = (h: Harness) =>
  h.sim.requests.filter(
    (r) => r.method === "POST" && r.path === "/v1/organization/certificates/deactivate",
  );

/** Expired certificates active at the organization level, and one project with one of its own. */
function organizationLevel(count: number) {
  const expired = Array.from({ length: count }, (_, i) =>
    cert(`cert_org_${String(i).padStart(2, "0")}`, -1 - i),
  );
  const organization = org(
    [...expired, cert("cert_p", -1), cert("cert_healthy", 90)],
    [project("proj_a")],
    { proj_a: ["cert_p", "cert_healthy"] },
  );
  return { ...organization, orgActive: [...expired.map((c) => c.id), "cert_healthy"] };
}

describe("certificates active at the organization level", () => {
  it("are reported, and left active, unless DEACTIVATE_ORGANIZATION_CERTIFICATES is on", async () => {
    const harness = await start({ organization: organizationLevel(2) });
    const result = await harness.run();

    expect(result.report.organization.left_active.map((c) => c.id).sort()).toEqual([
      "cert_org_00",
      "cert_org_01",
    ]);
    expect(result.report.counts.organization_certificates_left_active).toBe(2);
    expect(orgDeactivations(harness)).toHaveLength(0);
    expect(harness.sim.snapshot().orgActive).toContain("cert_org_00");
    expect(renderText(result.report)).toContain(
      "left active (DEACTIVATE_ORGANIZATION_CERTIFICATES is off): cert_org_00-name (cert_org_00), expired",
    );
  });

  it("are deactivated in chunks of at most 10 when it is on, and the healthy one stays", async () => {
    const harness = await start({ organization: organizationLevel(12) });
    const result = await harness.run({
      DEACTIVATE_ORGANIZATION_CERTIFICATES: "true",
      MAX_DEACTIVATIONS_PER_RUN: "13",
    });

    expect(result.ok).toBe(true);
    const bodies = orgDeactivations(harness).map(
      (r) => (r.body as { certificate_ids: string[] }).certificate_ids.length,
    );
    expect(bodies).toEqual([10, 2]);
    expect(harness.sim.snapshot().orgActive).toEqual(["cert_healthy"]);
    expect(result.report.organization.deactivated).toHaveLength(12);
    expect(result.report.counts).toMatchObject({
      organization_certificates_deactivated: 12,
      certificates_deactivated: 1,
    });
    expect(result.report.outcome).toBe("deactivated");
  });

  it("count against the safety cap with the project-level ones: over it, nothing at all is deactivated", async () => {
    const harness = await start({ organization: organizationLevel(12) });
    const result = await harness.run({
      DEACTIVATE_ORGANIZATION_CERTIFICATES: "true",
      MAX_DEACTIVATIONS_PER_RUN: "12",
    });

    expect(result.ok).toBe(false);
    expect(result.report).toMatchObject({ outcome: "cap_exceeded", cap_tripped: true });
    expect(harness.sim.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    // Not a plan: a real run the cap stopped reports them as failed, with the cap as the reason.
    expect(result.report.counts.organization_certificates_planned).toBe(0);
    expect(result.report.counts.organization_certificates_failed).toBe(12);
    expect(result.report.organization.failures).toEqual([
      expect.objectContaining({
        reason: "safety_cap",
        error:
          "not attempted: the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN",
      }),
    ]);
    expect(result.report.organization.failures[0]?.certificates).toHaveLength(12);
  });

  it("are only planned in a dry run", async () => {
    const harness = await start({ organization: organizationLevel(3) });
    const result = await harness.run({
      DEACTIVATE_ORGANIZATION_CERTIFICATES: "true",
      DRY_RUN: "true",
    });

    expect(result.report.outcome).toBe("planned");
    expect(result.report.organization.planned).toHaveLength(3);
    expect(orgDeactivations(harness)).toHaveLength(0);
  });

  it("fail the run when their deactivation fails, and stay reported as still active", async () => {
    const harness = await start({
      organization: organizationLevel(2),
      faults: [
        {
          kind: "server_error",
          method: "POST",
          path: "/v1/organization/certificates/deactivate",
          times: 100,
        },
      ],
    });
    const result = await harness.run({ DEACTIVATE_ORGANIZATION_CERTIFICATES: "true" });

    expect(result.ok).toBe(false);
    expect(result.report.outcome).toBe("failed");
    expect(result.report.organization.failures[0]?.certificates.map((c) => c.id).sort()).toEqual([
      "cert_org_00",
      "cert_org_01",
    ]);
    expect(harness.sim.snapshot().orgActive).toContain("cert_org_00");
    // The project-level deactivation went ahead all the same.
    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_healthy"]);
  });

  it("announce a warning tier like a project's certificates, and the message goes out", async () => {
    const organization = {
      ...org([cert("cert_org_soon", 7 - 1 / 24), cert("cert_p", 90)], [project("proj_a")], {
        proj_a: ["cert_p"],
      }),
      orgActive: ["cert_org_soon"],
    };
    const harness = await start({ organization });
    const result = await harness.run();

    expect(result.report.organization.active_expiring_soon).toEqual([
      expect.objectContaining({ id: "cert_org_soon", tier_days: 7, days_left: 6 }),
    ]);
    expect(result.report.counts).toMatchObject({ warnings: 1, warnings_announced: 1 });
    expect(result.report.severity).toBe("warning");
    expect(harness.published).toHaveLength(1);
    expect(renderText(result.report)).toContain(
      "Organization level:\n  - 7-day warning: cert_org_soon-name (cert_org_soon)",
    );
  });

  it("are critical when this run deactivates the last valid one at that level", async () => {
    const organization = {
      ...org([cert("cert_org_last", 0.5), cert("cert_org_old", -3)], [project("proj_a")], {
        proj_a: [],
      }),
      orgActive: ["cert_org_last", "cert_org_old"],
    };
    const harness = await start({ organization });
    const result = await harness.run({
      DEACTIVATE_ORGANIZATION_CERTIFICATES: "true",
      PROTECT_LAST_VALID_CERTIFICATE: "false",
    });

    expect(result.report.organization.no_valid_certificate_left).toBe(true);
    expect(result.report.severity).toBe("critical");
    expect(result.report.counts.organization_certificates_deactivated).toBe(2);
    expect(renderText(result.report)).toMatch(
      /^CRITICAL: the organization level left without a valid certificate; deactivated 2 at the organization level$/m,
    );
  });

  it("are not critical when only an expired one was deactivated: nothing valid was taken away", async () => {
    const organization = {
      ...org([cert("cert_org_old", -3)], [project("proj_a")], { proj_a: [] }),
      orgActive: ["cert_org_old"],
    };
    const harness = await start({ organization });
    const result = await harness.run({ DEACTIVATE_ORGANIZATION_CERTIFICATES: "true" });

    expect(result.report.organization.no_valid_certificate_left).toBe(false);
    expect(result.report.severity).toBe("high");
  });

  it("keep a project served: a valid one active at the organization level means no critical flag", async () => {
    const organization = {
      ...org([cert("cert_p", -1), cert("cert_org_valid", 90)], [project("proj_a")], {
        proj_a: ["cert_p"],
      }),
      orgActive: ["cert_org_valid"],
    };
    const harness = await start({ organization });
    const result = await harness.run();

    expect(result.report.projects[0]?.no_valid_certificate_left).toBe(false);
    expect(result.report.severity).toBe("high");
  });
});
