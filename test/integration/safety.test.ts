import { describe, expect, it } from "vitest";
import type { Report } from "../../lib/report/schema.js";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import { deactivateCalls, harnessPerTest } from "../support/harness.js";
import { largeOrg, NOW_SECONDS } from "../support/org-builder.js";

const start = harnessPerTest();

describe("DRY_RUN", () => {
  it("deactivates nothing and reports the plan", async () => {
    const harness = await start({ organization: demoOrganization(NOW_SECONDS) });
    const before = harness.sim.snapshot();
    const result = await harness.run({ DRY_RUN: "true" });

    expect(deactivateCalls(harness)).toHaveLength(0);
    expect(harness.sim.snapshot()).toEqual(before);
    expect(result.ok).toBe(true);
    expect(result.report).toMatchObject({ outcome: "planned", dry_run: true });
    expect(result.report.counts).toMatchObject({
      certificates_planned: 3,
      certificates_deactivated: 0,
      certificates_held_back: 1,
    });
    const partner = result.report.projects.find((p) => p.id === "proj_partner_api");
    expect(partner?.planned).toEqual([]);
    expect(partner?.held_back.map((c) => c.id)).toEqual(["cert_partner_sftp_2025"]);
    expect(harness.published[0]?.MessageAttributes?.dry_run?.StringValue).toBe("true");
  });
});

describe("MAX_DEACTIVATIONS_PER_RUN", () => {
  const organization = () => largeOrg({ projects: 6, expiring: 2, activeIn: () => [0, 1] });

  it("deactivates nothing when the plan is larger than the cap, and fails after publishing the plan", async () => {
    const harness = await start({ organization: organization() });
    const result = await harness.run({ MAX_DEACTIVATIONS_PER_RUN: "11" });

    expect(deactivateCalls(harness)).toHaveLength(0);
    expect(harness.sim.activeInProject("proj_000")).toEqual(["cert_00", "cert_01"]);
    expect(result.ok).toBe(false);
    expect(result.report).toMatchObject({ outcome: "cap_exceeded", cap_tripped: true });
    // "Planned" is for a dry run or a plan awaiting confirmation: a real run the cap stopped says
    // why each due certificate is still active, counted as failed, with the cap as the reason.
    expect(result.report.counts).toMatchObject({
      certificates_planned: 0,
      certificates_failed: 12,
    });
    expect(harness.published).toHaveLength(1);
    const failures = harness.publishedReports()[0]?.projects.flatMap((p) => p.failures) ?? [];
    expect(failures.flatMap((f) => f.certificates)).toHaveLength(12);
    expect(new Set(failures.map((f) => f.reason))).toEqual(new Set(["safety_cap"]));
    expect(failures[0]?.error).toBe(
      "not attempted: the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN",
    );
    expect(harness.published[0]?.MessageAttributes?.outcome?.StringValue).toBe("cap_exceeded");
    expect(harness.published[0]?.MessageAttributes?.severity?.StringValue).toBe("critical");
  });

  it("deactivates when the plan is exactly at the cap", async () => {
    const harness = await start({ organization: organization() });
    const result = await harness.run({ MAX_DEACTIVATIONS_PER_RUN: "12" });

    expect(result.ok).toBe(true);
    expect(result.report.counts.certificates_deactivated).toBe(12);
  });
});

describe("a confirmation before deactivating (cert-sweep apply on a terminal)", () => {
  const organization = () =>
    largeOrg({ projects: 30, expiring: 2, activeIn: (i) => [i % 3, 10 + (i % 5)] });

  it("is asked once, after the whole scan and before any deactivation, with the plan", async () => {
    const harness = await start({ organization: organization() });
    const asked: { posts: number; plan: Report }[] = [];
    const result = await harness.run(
      {},
      {},
      {
        confirm: async (plan) => {
          asked.push({ posts: deactivateCalls(harness).length, plan });
          return true;
        },
      },
    );

    expect(asked).toHaveLength(1);
    expect(asked[0]?.posts).toBe(0);
    expect(asked[0]?.plan).toMatchObject({ dry_run: true, outcome: "planned" });
    expect(asked[0]?.plan.counts.projects_scanned).toBe(30);
    // What was confirmed is what was done.
    expect(result.report.counts.certificates_deactivated).toBe(
      asked[0]?.plan.counts.certificates_planned,
    );
    expect(result.report.counts.certificates_deactivated).toBe(20);
  });

  it("deactivates and publishes nothing when the answer is no", async () => {
    const harness = await start({ organization: organization() });
    const before = harness.sim.snapshot();
    const result = await harness.run({}, {}, { confirm: async () => false });

    expect(deactivateCalls(harness)).toHaveLength(0);
    expect(harness.sim.snapshot()).toEqual(before);
    expect(harness.published).toHaveLength(0);
    expect(result.report.outcome).toBe("planned");
  });

  it("is not asked when there is nothing to deactivate", async () => {
    const harness = await start({
      organization: largeOrg({ projects: 3, expiring: 0, activeIn: () => [5] }),
    });
    let asked = false;
    await harness.run(
      {},
      {},
      {
        confirm: async () => {
          asked = true;
          return true;
        },
      },
    );
    expect(asked).toBe(false);
  });
});

describe("a confirmation after the key was rejected part way through the scan", () => {
  it("is not asked: no plan is offered that can no longer be carried out", async () => {
    const harness = await start({
      organization: largeOrg({ projects: 4, expiring: 1, activeIn: () => [0] }),
      faults: [{ kind: "server_error", status: 401, method: "GET", path: "proj_002" }],
    });
    let asked = false;
    const result = await harness.run(
      { CONCURRENCY: "1" },
      {},
      {
        confirm: async () => {
          asked = true;
          return true;
        },
      },
    );

    expect(asked).toBe(false);
    expect(result.ok).toBe(false);
    expect(deactivateCalls(harness)).toHaveLength(0);
  });
});
