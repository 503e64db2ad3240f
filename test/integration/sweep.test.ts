import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ReportSchema } from "../../lib/report/schema.js";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import { deactivateCalls, harnessPerTest } from "../support/harness.js";
import { cert, DAY, largeOrg, NOW_SECONDS, org, project } from "../support/org-builder.js";

const start = harnessPerTest();

describe("a sweep of the demo organization", () => {
  it("deactivates exactly the due certificates that are active in live projects", async () => {
    const harness = await start({ organization: demoOrganization(NOW_SECONDS) });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    expect(result.report.outcome).toBe("deactivated");
    expect(harness.sim.activeInProject("proj_payments")).toEqual(["cert_checkout_edge_2026"]);
    expect(harness.sim.activeInProject("proj_checkout")).toEqual(["cert_checkout_edge_2026"]);
    // The last valid certificate of Partner API is held back until it expires.
    expect(harness.sim.activeInProject("proj_partner_api")).toEqual(["cert_partner_sftp_2025"]);
    // Warned, healthy and unknown-expiry certificates stay active; archived projects are left alone.
    expect(harness.sim.activeInProject("proj_support")).toEqual(["cert_support_portal_2025"]);
    expect(harness.sim.activeInProject("proj_data_platform")).toEqual(["cert_vendor_bundle"]);
    expect(harness.sim.activeInProject("proj_analytics_legacy")).toEqual([
      "cert_analytics_export_2024",
    ]);
    expect(result.report.counts).toMatchObject({
      certificates_deactivated: 3,
      certificates_held_back: 1,
      projects_scanned: 5,
      projects_skipped: 1,
      warnings: 1,
      unknown_expiry: 1,
    });
    // Listed without dates, deactivated by the expiry its own PEM states.
    const support = result.report.projects.find((p) => p.id === "proj_support");
    expect(support?.deactivated).toEqual([
      expect.objectContaining({
        id: "cert_ledger_sync_2024",
        expires_at: new Date((NOW_SECONDS - 20 * DAY) * 1000).toISOString(),
        dates_from: "certificate",
      }),
    ]);
  });

  it("publishes one report that names what was deactivated, warned about and of unknown expiry", async () => {
    const harness = await start({ organization: demoOrganization(NOW_SECONDS) });
    await harness.run();

    expect(harness.published).toHaveLength(1);
    const [report] = harness.publishedReports();
    expect(v.is(ReportSchema, report)).toBe(true);
    const payments = report?.projects.find((p) => p.id === "proj_payments");
    expect(payments?.deactivated).toEqual([
      {
        id: "cert_payments_gateway_2025",
        name: "payments-gateway-ca-2025",
        expires_at: "2026-11-25T09:00:00.000Z",
        // The x-request-id of the deactivate call: the audit handle OpenAI support asks for.
        request_id: harness.sim.requests.find(
          (r) => r.path === "/v1/organization/projects/proj_payments/certificates/deactivate",
        )?.requestId,
      },
    ]);
    expect(payments?.deactivated[0]?.request_id).toMatch(/^req_[0-9a-f]{32}$/);
    const support = report?.projects.find((p) => p.id === "proj_support");
    // It crossed its 7-day tier three hours before this run: announced now, with 6 whole days left.
    expect(support?.warnings).toEqual([
      expect.objectContaining({ id: "cert_support_portal_2025", days_left: 6, tier_days: 7 }),
    ]);
    const data = report?.projects.find((p) => p.id === "proj_data_platform");
    expect(data?.unknown_expiry).toEqual([
      {
        id: "cert_vendor_bundle",
        name: "vendor-bundle-imported",
        expires_at: null,
        unknown_reason: "the PEM certificate is not base64",
      },
    ]);
    expect(report?.evaluated_at).toBe("2026-11-28T09:00:00.000Z");
    expect(report?.run_id).toBe("run-test-1");
  });

  it("deactivates the held-back certificate in the first run after it expires, then finds nothing to do", async () => {
    // Without the expired certificate active at the organization level, which every run reports.
    const organization = { ...demoOrganization(NOW_SECONDS), orgActive: [] };
    const harness = await start({ organization });
    const first = await harness.run();
    expect(first.report.projects.find((p) => p.id === "proj_partner_api")?.held_back).toEqual([
      expect.objectContaining({
        id: "cert_partner_sftp_2025",
        hours_left: 12,
        reason: "last_valid",
      }),
    ]);
    harness.sim.resetRecording();

    // The next day's run: Partner API's certificate has expired, so it goes as usual.
    const second = await harness.run({}, { now: () => (NOW_SECONDS + DAY) * 1000 });
    expect(second.report.outcome).toBe("deactivated");
    expect(second.report.counts.certificates_held_back).toBe(0);
    expect(harness.sim.activeInProject("proj_partner_api")).toEqual([]);
    harness.sim.resetRecording();

    // The day after: nothing is due, and no certificate crosses a warning tier.
    const third = await harness.run({}, { now: () => (NOW_SECONDS + 2 * DAY) * 1000 });
    expect(third.report.outcome).toBe("nothing_to_do");
    expect(third.report.severity).toBe("info");
    expect(deactivateCalls(harness)).toHaveLength(0);
    // NOTIFY_ON defaults to "changes": the quiet run publishes nothing.
    expect(harness.published).toHaveLength(2);
  });

  it("publishes a heartbeat on a quiet run when NOTIFY_ON=always", async () => {
    const harness = await start({
      organization: org([cert("cert_a", 100)], [project("proj_a")], { proj_a: ["cert_a"] }),
    });
    const result = await harness.run({ NOTIFY_ON: "always" });
    expect(result.report.outcome).toBe("nothing_to_do");
    expect(harness.published).toHaveLength(1);
    expect(harness.published[0]?.MessageAttributes?.outcome?.StringValue).toBe("nothing_to_do");
  });

  it("emits the run's metrics once per run, with the heartbeat on success", async () => {
    const harness = await start({ organization: demoOrganization(NOW_SECONDS) });
    await harness.run();
    harness.sim.injectFault({
      kind: "server_error",
      path: "/organization/certificates",
      times: 10,
    });
    const failed = await harness.run();

    expect(failed.ok).toBe(false);
    expect(harness.metricValues("RunCompleted")).toEqual([1, 0]);
    expect(harness.metricValues("CertificatesDeactivated")).toEqual([3, 0]);
    expect(harness.metricValues("CertificatesHeldBack")).toEqual([1, 0]);
  });

  it("writes one structured summary line per run, with the counts", async () => {
    const harness = await start({ organization: demoOrganization(NOW_SECONDS) });
    await harness.run();
    expect(harness.logs).toHaveLength(1);
    expect(harness.logs[0]).toMatchObject({
      level: "info",
      message: "sweep finished",
      attributes: {
        summary: { outcome: "deactivated", published_messages: 1, run_id: "run-test-1" },
      },
    });
  });
});

describe("discovery", () => {
  it("lists only the organization's certificates when none is in the deactivation window", async () => {
    const organization = org(
      [cert("cert_a", 5), cert("cert_b", 100), cert("cert_c", undefined)],
      [project("proj_a")],
      {
        proj_a: ["cert_a", "cert_b", "cert_c"],
      },
    );
    const harness = await start({ organization });
    const result = await harness.run();

    // The listing gives cert_c no expiry, so its own PEM is asked for, once; it has none here.
    expect(harness.sim.requests.map((r) => r.path)).toEqual([
      "/v1/organization/certificates",
      "/v1/organization/certificates/cert_c",
    ]);
    expect(result.report.organization.project_scan).toBe("skipped_nothing_due");
    expect(result.report.organization.expiring_soon.map((c) => c.id)).toEqual(["cert_a"]);
    expect(result.report.organization.unknown_expiry).toEqual([
      {
        id: "cert_c",
        name: expect.any(String),
        expires_at: null,
        unknown_reason: "the listing has no expires_at and the API holds no PEM for it",
      },
    ]);
  });

  it("follows pagination over 150 projects and deactivates in chunks of at most 10 (13 = 10 + 3)", async () => {
    const organization = largeOrg({
      projects: 150,
      expiring: 13,
      // Project 7 has all 13 due certificates active; every project has one due and one healthy.
      activeIn: (i) => (i === 7 ? [...Array(13).keys(), 40] : [i % 13, 40]),
    });
    const harness = await start({ organization, env: { MAX_DEACTIVATIONS_PER_RUN: "500" } });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    const projectPages = harness.sim.requests.filter((r) => r.path === "/v1/organization/projects");
    expect(projectPages.map((r) => r.query.after)).toEqual([undefined, "proj_099"]);
    expect(result.report.counts.projects_scanned).toBe(150);
    expect(result.report.counts.certificates_deactivated).toBe(149 + 13);
    const proj7 = deactivateCalls(harness).filter((r) => r.path.includes("/proj_007/"));
    expect(
      proj7.map((r) => (r.body as { certificate_ids: string[] }).certificate_ids.length),
    ).toEqual([10, 3]);
    for (let i = 0; i < 150; i++) {
      expect(harness.sim.activeInProject(`proj_${String(i).padStart(3, "0")}`)).toEqual([
        "cert_40",
      ]);
    }
  });
});

describe("certificates without a usable expiry", () => {
  it("are never deactivated and are reported as unknown expiry", async () => {
    const odd = [
      cert("cert_ms", undefined, { expires_at: (NOW_SECONDS - 86_400) * 1000 }), // milliseconds, not seconds
      cert("cert_text", undefined, { expires_at: "2026-01-01" }),
      cert("cert_null", undefined, { expires_at: null }),
      cert("cert_none", undefined),
    ];
    const organization = org([cert("cert_due", -1), ...odd], [project("proj_a")], {
      proj_a: ["cert_due", ...odd.map((c) => c.id)],
    });
    const harness = await start({ organization });
    const result = await harness.run();

    expect(harness.sim.activeInProject("proj_a")).toEqual([
      "cert_ms",
      "cert_none",
      "cert_null",
      "cert_text",
    ]);
    expect(result.report.projects[0]?.unknown_expiry.map((c) => c.id).sort()).toEqual([
      "cert_ms",
      "cert_none",
      "cert_null",
      "cert_text",
    ]);
    expect(result.report.counts.unknown_expiry).toBe(4);
  });
});

describe("project selection", () => {
  const organization = () =>
    org(
      [cert("cert_old", -2)],
      [
        project("proj_a"),
        project("proj_b"),
        project("proj_c"),
        project("proj_arch", { archived_at: NOW_SECONDS - 86_400 }),
      ],
      { proj_a: ["cert_old"], proj_b: ["cert_old"], proj_c: ["cert_old"], proj_arch: ["cert_old"] },
    );

  it("scans only INCLUDE_PROJECTS and reports an included id that does not exist", async () => {
    const harness = await start({ organization: organization() });
    const result = await harness.run({ INCLUDE_PROJECTS: "proj_b,proj_missing" });

    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_old"]);
    expect(harness.sim.activeInProject("proj_b")).toEqual([]);
    expect(result.report.projects_not_scanned).toEqual([
      { id: "proj_missing", name: null, reason: "not_found" },
    ]);
    expect(result.report.projects_skipped).toEqual({ archived: 1, not_included: 2, excluded: [] });
    expect(result.ok).toBe(true);
  });

  it("makes a missing included project loud: a warning that NOTIFY_ON=changes publishes", async () => {
    // Only proj_b has a due certificate, and it is not included: the typo is the only news.
    const harness = await start({ organization: { ...organization(), orgActive: [] } });
    const result = await harness.run({ INCLUDE_PROJECTS: "proj_typo" });

    expect(result.report.outcome).toBe("nothing_to_do");
    expect(result.report.severity).toBe("warning");
    expect(harness.published).toHaveLength(1);
  });

  it("leaves EXCLUDE_PROJECTS alone and lists them in the report", async () => {
    const harness = await start({ organization: organization() });
    const result = await harness.run({ EXCLUDE_PROJECTS: "proj_c" });

    expect(harness.sim.activeInProject("proj_c")).toEqual(["cert_old"]);
    expect(harness.sim.activeInProject("proj_a")).toEqual([]);
    expect(result.report.projects_skipped.excluded).toEqual(["proj_c"]);
  });

  it("sweeps archived projects only when INCLUDE_ARCHIVED_PROJECTS=true", async () => {
    const harness = await start({ organization: organization() });
    await harness.run();
    expect(harness.sim.activeInProject("proj_arch")).toEqual(["cert_old"]);

    const result = await harness.run({ INCLUDE_ARCHIVED_PROJECTS: "true" });
    expect(harness.sim.activeInProject("proj_arch")).toEqual([]);
    expect(result.report.counts.certificates_deactivated).toBe(1);
  });
});
