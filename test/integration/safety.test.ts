import { describe, expect, it } from "vitest";
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
    });
    expect(
      result.report.projects.find((p) => p.id === "proj_partner_api")?.planned.map((c) => c.id),
    ).toEqual(["cert_partner_sftp_2025"]);
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
    expect(result.report.counts.certificates_planned).toBe(12);
    expect(harness.published).toHaveLength(1);
    expect(harness.publishedReports()[0]?.projects.flatMap((p) => p.planned)).toHaveLength(12);
    expect(harness.published[0]?.MessageAttributes?.cap_tripped?.StringValue).toBe("true");
  });

  it("deactivates when the plan is exactly at the cap", async () => {
    const harness = await start({ organization: organization() });
    const result = await harness.run({ MAX_DEACTIVATIONS_PER_RUN: "12" });

    expect(result.ok).toBe(true);
    expect(result.report.counts.certificates_deactivated).toBe(12);
  });
});
