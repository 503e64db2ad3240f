// PROTECT_LAST_VALID_CERTIFICATE against the simulator: a project keeps its last valid certificate
// until it expires; `false` restores the earlier behaviour exactly.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { harnessPerTest } from "../support/harness.js";
import { cert, DAY, NOW_SECONDS, org, project } from "../support/org-builder.js";

const start = harnessPerTest();
const HOUR = 3600;

describe("the last valid certificate of a project", () => {
  // Nothing active at the organization level, which would keep every project valid.
  const lastOne = () => ({
    ...org(
      [cert("cert_last", 0.5), cert("cert_gone", -3), cert("cert_ok", 200)],
      [project("proj_last"), project("proj_spare")],
      { proj_last: ["cert_last", "cert_gone"], proj_spare: ["cert_last", "cert_ok"] },
    ),
    orgActive: [],
  });

  it("is held back, critical, with its hours left, where it is the last valid one, and goes elsewhere", async () => {
    const harness = await start({ organization: lastOne() });
    const result = await harness.run();

    expect(harness.sim.activeInProject("proj_last")).toEqual(["cert_last"]);
    expect(harness.sim.activeInProject("proj_spare")).toEqual(["cert_ok"]);
    const last = result.report.projects.find((p) => p.id === "proj_last");
    expect(last?.held_back).toEqual([
      expect.objectContaining({ id: "cert_last", hours_left: 12, reason: "last_valid" }),
    ]);
    expect(last?.deactivated.map((c) => c.id)).toEqual(["cert_gone"]);
    expect(last?.no_valid_certificate_left).toBe(false);
    expect(result.report.severity).toBe("critical");
    expect(result.report.counts.certificates_held_back).toBe(1);
    expect(harness.metricValues("CertificatesHeldBack")).toEqual([1]);
    expect(harness.published[0]?.Subject).toMatch(
      /^OpenAI cert sweep: CRITICAL: 1 certificate held back as the last valid one; /,
    );
  });

  it("is deactivated by the first run after its expiry", async () => {
    const harness = await start({ organization: lastOne() });
    await harness.run();
    const after = await harness.run({}, { now: () => (NOW_SECONDS + 13 * HOUR) * 1000 });

    expect(after.report.counts.certificates_held_back).toBe(0);
    expect(harness.sim.activeInProject("proj_last")).toEqual([]);
  });

  it("is deactivated at once with PROTECT_LAST_VALID_CERTIFICATE=false, as before", async () => {
    const harness = await start({ organization: lastOne() });
    const result = await harness.run({ PROTECT_LAST_VALID_CERTIFICATE: "false" });

    expect(harness.sim.activeInProject("proj_last")).toEqual([]);
    const last = result.report.projects.find((p) => p.id === "proj_last");
    expect(last?.held_back).toEqual([]);
    expect(last?.no_valid_certificate_left).toBe(true);
  });

  it("is held back at the organization level too, when that level is deactivated", async () => {
    const organization = {
      ...org([cert("cert_org_last", 0.5), cert("cert_org_old", -3)], [project("proj_a")], {
        proj_a: [],
      }),
      orgActive: ["cert_org_last", "cert_org_old"],
    };
    const harness = await start({ organization });
    const result = await harness.run({ DEACTIVATE_ORGANIZATION_CERTIFICATES: "true" });

    expect(harness.sim.snapshot().orgActive).toEqual(["cert_org_last"]);
    expect(result.report.organization.held_back.map((c) => c.id)).toEqual(["cert_org_last"]);
    expect(result.report.organization.no_valid_certificate_left).toBe(false);
    expect(result.report.counts.organization_certificates_held_back).toBe(1);
  });
});

describe("against the simulator, for any organization", () => {
  it("never deactivates a healthy certificate, nor a project's last valid one before it expires", async () => {
    const certArb = fc.record({
      expiresInHours: fc.integer({ min: -72, max: 72 * 10 }),
      validFromHours: fc.integer({ min: -2000, max: 24 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(certArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(fc.nat(5), { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
        async (specs, activeIn) => {
          const certificates = specs.map((s, i) =>
            cert(`cert_${i}`, s.expiresInHours / 24, {
              valid_at: NOW_SECONDS + s.validFromHours * HOUR,
            }),
          );
          const projects = activeIn.map((_, i) => project(`proj_${i}`));
          const active = Object.fromEntries(
            activeIn.map((ids, i) => [
              `proj_${i}`,
              [...new Set(ids.filter((n) => n < specs.length).map((n) => `cert_${n}`))],
            ]),
          );
          const harness = await start({
            organization: { ...org(certificates, projects, active), orgActive: [] },
            env: { MAX_DEACTIVATIONS_PER_RUN: "100" },
          });
          await harness.run();
          const validNow = (id: string) => {
            const c = certificates.find((x) => x.id === id);
            const expires = c?.expires_at as number;
            return (c?.valid_at ?? 0) <= NOW_SECONDS && expires > NOW_SECONDS;
          };
          for (const [projectId, before] of Object.entries(active)) {
            const after = harness.sim.activeInProject(projectId);
            for (const id of before.filter((x) => !after.includes(x))) {
              // Only certificates inside the deactivation window (1 day) go.
              const c = certificates.find((x) => x.id === id);
              expect(c?.expires_at as number).toBeLessThanOrEqual(NOW_SECONDS + DAY);
            }
            if (before.some(validNow)) expect(after.some(validNow), projectId).toBe(true);
          }
          await harness.sim.close();
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("what the guard counts as keeping a project valid", () => {
  it("not a certificate of unknown expiry, which may well have expired", async () => {
    const organization = {
      ...org([cert("cert_last", 0.5), cert("cert_vendor", undefined)], [project("proj_a")], {
        proj_a: ["cert_last", "cert_vendor"],
      }),
      orgActive: [],
    };
    const harness = await start({ organization });
    const result = await harness.run();

    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_last", "cert_vendor"]);
    expect(result.report.projects[0]?.held_back.map((c) => c.id)).toEqual(["cert_last"]);
  });

  it("not a due one left active at the organization level, which may expire first", async () => {
    const organization = {
      ...org([cert("cert_last", 0.9), cert("cert_org", 0.1)], [project("proj_a")], {
        proj_a: ["cert_last"],
      }),
      orgActive: ["cert_org"],
    };
    const harness = await start({ organization });
    const result = await harness.run();

    // cert_org is due too and left active there, but expires in 2.4 hours: cert_last stays.
    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_last"]);
    expect(result.report.projects[0]?.held_back.map((c) => c.id)).toEqual(["cert_last"]);
    expect(result.report.organization.left_active.map((c) => c.id)).toEqual(["cert_org"]);
  });
});
