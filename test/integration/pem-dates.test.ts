// Expiry read from the certificate itself: a certificate listed without `expires_at` is enforced
// by its own PEM's dates, read once per run; what cannot be read stays unknown, with the reason.
import { describe, expect, it } from "vitest";
import { makePem } from "../../lib/simulator/pem-factory.js";
import { harnessPerTest } from "../support/harness.js";
import { cert, DAY, NOW_SECONDS, org, project } from "../support/org-builder.js";

const start = harnessPerTest();
const pem = (validInDays: number, expiresInDays: number) =>
  makePem({
    commonName: "ledger.example.com",
    validAt: NOW_SECONDS + validInDays * DAY,
    expiresAt: NOW_SECONDS + expiresInDays * DAY,
  });
const paths = (requests: readonly { method: string; path: string }[]) =>
  requests.map((r) => `${r.method} ${r.path}`);

describe("a certificate listed without expires_at", () => {
  it("is deactivated by the expiry its PEM states, with one extra request", async () => {
    const organization = org(
      [cert("cert_undated", undefined, { content: pem(-400, -3) }), cert("cert_ok", 300)],
      [project("proj_a")],
      { proj_a: ["cert_undated", "cert_ok"] },
    );
    const harness = await start({ organization });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_ok"]);
    expect(result.report.projects[0]?.deactivated).toEqual([
      expect.objectContaining({
        id: "cert_undated",
        expires_at: new Date((NOW_SECONDS - 3 * DAY) * 1000).toISOString(),
        dates_from: "certificate",
      }),
    ]);
    expect(paths(harness.sim.requests)).toEqual([
      "GET /v1/organization/certificates",
      "GET /v1/organization/certificates/cert_undated",
      "GET /v1/organization/projects",
      "GET /v1/organization/projects/proj_a/certificates",
      "POST /v1/organization/projects/proj_a/certificates/deactivate",
    ]);
  });

  it("is left alone while its PEM says it is healthy, and the listing's contradiction is a warning", async () => {
    // Listed as valid since 10 days ago; its PEM says since 20 days ago, for another 200 days.
    const listed = cert("cert_undated", undefined, {
      valid_at: NOW_SECONDS - 10 * DAY,
      content: pem(-20, 200),
    });
    const organization = org([listed], [project("proj_a")], { proj_a: ["cert_undated"] });
    const harness = await start({ organization });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    expect(result.report.organization.project_scan).toBe("skipped_nothing_due");
    expect(result.report.organization.unknown_expiry).toEqual([]);
    expect(result.report.organization.date_disagreements).toEqual([
      {
        id: "cert_undated",
        name: "cert_undated-name",
        listing: {
          valid_at: new Date((NOW_SECONDS - 10 * DAY) * 1000).toISOString(),
          expires_at: null,
        },
        certificate: {
          valid_at: new Date((NOW_SECONDS - 20 * DAY) * 1000).toISOString(),
          expires_at: new Date((NOW_SECONDS + 200 * DAY) * 1000).toISOString(),
        },
      },
    ]);
    expect(result.report.counts.date_disagreements).toBe(1);
    expect(result.report.severity).toBe("warning");
  });

  it("stays unknown, with the reason, when its PEM cannot be read, and the run goes on", async () => {
    const organization = org(
      [cert("cert_undated", undefined, { content: pem(-400, -3) }), cert("cert_due", -1)],
      [project("proj_a")],
      { proj_a: ["cert_undated", "cert_due"] },
    );
    const harness = await start({
      organization,
      faults: [{ kind: "server_error", path: /\/certificates\/cert_undated$/, times: 10 }],
    });
    const result = await harness.run();

    const [proj] = result.report.projects;
    expect(proj?.deactivated.map((c) => c.id)).toEqual(["cert_due"]);
    expect(proj?.unknown_expiry).toEqual([
      expect.objectContaining({
        id: "cert_undated",
        expires_at: null,
        unknown_reason: expect.stringMatching(/^its certificate could not be read: /),
      }),
    ]);
    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_undated"]);
    // Read at most once per run: the retries of one request, not a request per project.
    const gets = harness.sim.requests.filter((r) => r.path.endsWith("/cert_undated"));
    expect(gets.length).toBeLessThanOrEqual(4);
  });
});

describe("a due certificate whose PEM the run reads for its replacement", () => {
  it("is left alone when its PEM says it is not due, and the contradiction is reported", async () => {
    // Listed as expiring in 12 hours; its own PEM says in 200 days.
    const listed = cert("cert_a", 0.5, {
      valid_at: NOW_SECONDS - 20 * DAY,
      content: pem(-20, 200),
    });
    const organization = {
      ...org([listed], [project("proj_a")], { proj_a: ["cert_a"] }),
      orgActive: [],
    };
    const harness = await start({ organization });
    const result = await harness.run();

    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_a"]);
    expect(paths(harness.sim.requests).filter((r) => r.startsWith("POST"))).toEqual([]);
    expect(result.report.projects.flatMap((p) => [...p.planned, ...p.held_back])).toEqual([]);
    expect(result.report.organization.date_disagreements.map((d) => d.id)).toEqual(["cert_a"]);
  });
});

describe("a certificate its own PEM says is healthy", () => {
  it("keeps its project valid, so another due one is not held back for it, and is warned about", async () => {
    const healthy = cert("cert_a", 0.5, {
      valid_at: NOW_SECONDS - 20 * DAY,
      content: pem(-20, 10),
    });
    const due = cert("cert_b", 0.5, { valid_at: NOW_SECONDS - 20 * DAY, content: pem(-20, 0.5) });
    const organization = {
      ...org([healthy, due], [project("proj_a")], { proj_a: ["cert_a", "cert_b"] }),
      orgActive: [],
    };
    const harness = await start({ organization });
    const result = await harness.run();

    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_a"]);
    const [p] = result.report.projects;
    expect(p?.held_back).toEqual([]);
    expect(p?.no_valid_certificate_left).toBe(false);
    expect(p?.warnings.map((w) => [w.id, w.days_left])).toEqual([["cert_a", 10]]);
  });
});
