// Replacements against the simulator: named next to the expiring certificate, and with
// ACTIVATE_REPLACEMENTS=true activated before the certificate it takes over from is deactivated.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SimCertificate } from "../../lib/simulator/organization.js";
import { makePem } from "../../lib/simulator/pem-factory.js";
import { harnessPerTest } from "../support/harness.js";
import { DAY, NOW_SECONDS, org, project } from "../support/org-builder.js";

const start = harnessPerTest();

/** A certificate with a real PEM for `subject`, valid from `validInDays`, expiring `expiresInDays` out. */
function pemCert(id: string, subject: string, expiresInDays: number, validInDays = -300) {
  const validAt = Math.round(NOW_SECONDS + validInDays * DAY);
  const expiresAt = Math.round(NOW_SECONDS + expiresInDays * DAY);
  const certificate: SimCertificate = {
    id,
    name: `${id}-name`,
    created_at: validAt,
    valid_at: validAt,
    expires_at: expiresAt,
    content: makePem({ commonName: subject, validAt, expiresAt }),
  };
  return certificate;
}

/** proj_a's only certificate expires in 12 hours; its renewal is uploaded and active nowhere. */
const renewal = (extra: SimCertificate[] = []) => ({
  ...org(
    [
      pemCert("cert_old", "a.example.com", 0.5),
      pemCert("cert_new", "a.example.com", 365),
      ...extra,
    ],
    [project("proj_a")],
    { proj_a: ["cert_old", ...extra.map((c) => c.id)] },
  ),
  orgActive: [],
});
const paths = (requests: readonly { method: string; path: string }[]) =>
  requests
    .filter((r) => r.method === "POST")
    .map((r) => r.path.replace(/^\/v1\/organization\/projects\//, ""));

describe("a replacement", () => {
  it("is named next to the expiring certificate, which is held back, when nothing is activated", async () => {
    const harness = await start({ organization: renewal() });
    const result = await harness.run();

    const [p] = result.report.projects;
    expect(p?.held_back).toEqual([
      expect.objectContaining({
        id: "cert_old",
        replacement: {
          id: "cert_new",
          name: "cert_new-name",
          expires_at: new Date((NOW_SECONDS + 365 * DAY) * 1000).toISOString(),
        },
      }),
    ]);
    expect(paths(harness.sim.requests)).toEqual([]);
    const email = JSON.parse(harness.published[0]?.Message ?? "{}").email as string;
    expect(email).toContain("replacement available: cert_new-name (cert_new), expires ");
  });

  it("is activated before its predecessor is deactivated, with ACTIVATE_REPLACEMENTS=true", async () => {
    const harness = await start({ organization: renewal() });
    const result = await harness.run({ ACTIVATE_REPLACEMENTS: "true" });

    expect(result.ok).toBe(true);
    expect(paths(harness.sim.requests)).toEqual([
      "proj_a/certificates/activate",
      "proj_a/certificates/deactivate",
    ]);
    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_new"]);
    const [p] = result.report.projects;
    expect(p?.activated.map((c) => c.id)).toEqual(["cert_new"]);
    expect(p?.deactivated.map((c) => c.id)).toEqual(["cert_old"]);
    expect(p?.held_back).toEqual([]);
    expect(p?.no_valid_certificate_left).toBe(false);
    expect(result.report.counts.certificates_activated).toBe(1);
    expect(harness.metricValues("CertificatesActivated")).toEqual([1]);
    expect(harness.published[0]?.MessageAttributes?.activated_count?.StringValue).toBe("1");
  });

  it("that fails to activate leaves a valid predecessor held back, and an expired one still goes", async () => {
    const expired = pemCert("cert_gone", "a.example.com", -2);
    const harness = await start({
      organization: renewal([expired]),
      faults: [{ kind: "server_error", path: /\/certificates\/activate$/, times: 10 }],
    });
    const result = await harness.run({ ACTIVATE_REPLACEMENTS: "true" });

    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_old"]);
    const [p] = result.report.projects;
    expect(p?.held_back).toEqual([
      expect.objectContaining({ id: "cert_old", reason: "activation_failed" }),
    ]);
    expect(p?.deactivated.map((c) => c.id)).toEqual(["cert_gone"]);
    expect(p?.failures.map((f) => [f.stage, f.reason])).toEqual([["activate", "error"]]);
    expect(result.ok).toBe(false);
  });

  it("is only planned in a dry run, and counts against the cap like a deactivation", async () => {
    const dry = await start({ organization: renewal() });
    const plan = await dry.run({ ACTIVATE_REPLACEMENTS: "true", DRY_RUN: "true" });
    expect(paths(dry.sim.requests)).toEqual([]);
    expect(plan.report.projects[0]?.activation_planned.map((c) => c.id)).toEqual(["cert_new"]);
    expect(plan.report.counts.activations_planned).toBe(1);

    const capped = await start({ organization: renewal() });
    const over = await capped.run({
      ACTIVATE_REPLACEMENTS: "true",
      MAX_DEACTIVATIONS_PER_RUN: "1",
    });
    expect(over.report.outcome).toBe("cap_exceeded");
    expect(paths(capped.sim.requests)).toEqual([]);
  });
});

describe("against the simulator, for any renewals", () => {
  it("activates each replacement before deactivating the certificate it covers, in every project", async () => {
    const spec = fc.record({
      oldHours: fc.integer({ min: -48, max: 20 }),
      renewed: fc.boolean(),
      projects: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 4 }), async (subjects) => {
        const certificates = subjects.flatMap((s, i) => [
          pemCert(`cert_${i}_old`, `s${i}.example.com`, s.oldHours / 24),
          ...(s.renewed ? [pemCert(`cert_${i}_new`, `s${i}.example.com`, 200)] : []),
        ]);
        const projects = [0, 1, 2].map((n) => project(`proj_${n}`));
        const active: Record<string, string[]> = { proj_0: [], proj_1: [], proj_2: [] };
        subjects.forEach((s, i) => {
          s.projects.forEach((on, n) => {
            if (on) active[`proj_${n}`]?.push(`cert_${i}_old`);
          });
        });
        const harness = await start({
          organization: { ...org(certificates, projects, active), orgActive: [] },
          env: { ACTIVATE_REPLACEMENTS: "true", MAX_DEACTIVATIONS_PER_RUN: "100" },
        });
        await harness.run();
        for (const [projectId, before] of Object.entries(active)) {
          const posts = harness.sim.requests.filter(
            (r) => r.method === "POST" && r.path.includes(`/${projectId}/`),
          );
          const activatedAt = posts.findIndex((r) => r.path.endsWith("/activate"));
          const deactivatedAt = posts.findIndex((r) => r.path.endsWith("/deactivate"));
          if (activatedAt >= 0 && deactivatedAt >= 0)
            expect(activatedAt).toBeLessThan(deactivatedAt);
          // Every renewed certificate that went has its renewal active in its place.
          const after = harness.sim.activeInProject(projectId);
          for (const id of before.filter((x) => !after.includes(x))) {
            const renewedId = id.replace("_old", "_new");
            if (certificates.some((c) => c.id === renewedId)) expect(after).toContain(renewedId);
          }
        }
        await harness.sim.close();
      }),
      { numRuns: 20 },
    );
  });
});

describe("a failed activation", () => {
  it("never takes a project's last valid certificate away, even one without a replacement", async () => {
    // cert_a_old has expired and has a renewal; cert_b, another subject, is valid for 12 hours.
    const organization = {
      ...org(
        [
          pemCert("cert_a_old", "a.example.com", -1),
          pemCert("cert_a_new", "a.example.com", 365),
          pemCert("cert_b", "b.example.com", 0.5),
        ],
        [project("proj_p")],
        { proj_p: ["cert_a_old", "cert_b"] },
      ),
      orgActive: [],
    };
    const harness = await start({
      organization,
      faults: [{ kind: "server_error", path: /\/certificates\/activate$/, times: 10 }],
    });
    const result = await harness.run({ ACTIVATE_REPLACEMENTS: "true" });

    expect(harness.sim.activeInProject("proj_p")).toEqual(["cert_b"]);
    const [p] = result.report.projects;
    expect(p?.deactivated.map((c) => c.id)).toEqual(["cert_a_old"]);
    // Held back by the guard itself: cert_b has no replacement of its own.
    expect(p?.held_back).toEqual([expect.objectContaining({ id: "cert_b", reason: "last_valid" })]);
  });
});

describe("a failed activation next to a longer-lived certificate", () => {
  it("keeps the one that expires last as well as the predecessor whose replacement failed", async () => {
    // A has 5 hours and a renewal that fails to activate; V, another subject, has 21 hours.
    const organization = {
      ...org(
        [
          pemCert("cert_a", "a.example.com", 5 / 24),
          pemCert("cert_a_new", "a.example.com", 365),
          pemCert("cert_v", "v.example.com", 21 / 24),
        ],
        [project("proj_p")],
        { proj_p: ["cert_a", "cert_v"] },
      ),
      orgActive: [],
    };
    const harness = await start({
      organization,
      faults: [{ kind: "server_error", path: /\/certificates\/activate$/, times: 10 }],
    });
    const result = await harness.run({ ACTIVATE_REPLACEMENTS: "true" });

    expect(harness.sim.activeInProject("proj_p")).toEqual(["cert_a", "cert_v"]);
    expect(result.report.projects[0]?.held_back.map((h) => [h.id, h.reason])).toEqual([
      ["cert_a", "activation_failed"],
      ["cert_v", "last_valid"],
    ]);
  });
});
