import { describe, expect, it } from "vitest";
import type { SimOrganization } from "../../lib/simulator/organization.js";
import type { RecordedRequest } from "../../lib/simulator/server.js";
import { dueIn } from "../bench/bench-org.js";
import { deactivateCalls } from "../bench/targets.js";
import { harnessPerTest, REJECTED_KEY_BODY } from "../support/harness.js";
import { largeOrg, NOW_SECONDS } from "../support/org-builder.js";

const start = harnessPerTest();

type Endpoint = "org certificates" | "project pages" | "project certificates" | "deactivate";

function endpoint(request: RecordedRequest): Endpoint {
  if (request.path === "/v1/organization/certificates") return "org certificates";
  if (request.path === "/v1/organization/projects") return "project pages";
  if (request.method === "POST") return "deactivate";
  return "project certificates";
}

function countByEndpoint(requests: readonly RecordedRequest[]): Record<Endpoint, number> {
  const counts = {
    "org certificates": 0,
    "project pages": 0,
    "project certificates": 0,
    deactivate: 0,
  };
  for (const request of requests) counts[endpoint(request)] += 1;
  return counts;
}

/** Deactivate calls the organization needs: ceil(n / 10) per project with n due and active. */
const chunksNeeded = (organization: SimOrganization, due: ReadonlySet<string>) =>
  deactivateCalls(Object.values(organization.projectActive).map((a) => dueIn(a, [...due])));

// cert_00..cert_11 are expired; every project has a healthy certificate; one project in four has
// one due certificate, and project 13 has all twelve (two deactivate calls).
const mixedOrg = (projects: number) =>
  largeOrg({
    projects,
    expiring: 12,
    activeIn: (i) => (i === 13 ? [...Array(12).keys(), 40] : i % 4 === 0 ? [i % 12, 41] : [42]),
  });
const DUE = new Set(Array.from({ length: 12 }, (_, i) => `cert_${String(i).padStart(2, "0")}`));

describe("the number of Admin API requests", () => {
  it("is the minimum: one org listing, one page per 100 projects, one listing per project, one call per 10 due", async () => {
    const organization = mixedOrg(250);
    const harness = await start({ organization, env: { MAX_DEACTIVATIONS_PER_RUN: "1000" } });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    const chunks = chunksNeeded(organization, DUE);
    expect(chunks).toBe(63 + 2); // 63 projects (i % 4 == 0) with one due; project 13 has 12
    expect(countByEndpoint(harness.sim.requests)).toEqual({
      "org certificates": 1,
      "project pages": 3,
      "project certificates": 250,
      deactivate: chunks,
    });
    expect(result.summary.admin_api).toMatchObject({
      requests: 1 + 3 + 250 + chunks,
      throttled: 0,
    });
  });

  it("is one on a quiet day, however many projects there are", async () => {
    const organization = largeOrg({ projects: 1000, expiring: 0, activeIn: (i) => [i % 50] });
    const harness = await start({ organization });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    expect(result.report.outcome).toBe("nothing_to_do");
    expect(harness.sim.requests.map(endpoint)).toEqual(["org certificates"]);
  });
});

describe("pipelining", () => {
  it("starts listing project certificates before the last page of projects is asked for", async () => {
    const harness = await start({
      organization: mixedOrg(350),
      latencyMs: 5,
      env: { MAX_DEACTIVATIONS_PER_RUN: "1000" },
    });
    const result = await harness.run({ DRY_RUN: "true" });

    expect(result.report.errors).toEqual([]);
    expect(result.ok).toBe(true);
    const kinds = harness.sim.requests.map(endpoint);
    expect(kinds.indexOf("project certificates")).toBeLessThan(kinds.lastIndexOf("project pages"));
    expect(result.report.counts.projects_scanned).toBe(350);
  });

  it("reports projects in list order whatever order their scans finished in", async () => {
    const harness = await start({
      organization: mixedOrg(120),
      latencyMs: 2,
      env: { CONCURRENCY: "8", MAX_DEACTIVATIONS_PER_RUN: "1000" },
      // The first projects' listings are slowed by a retry, so later ones finish first.
      faults: [{ kind: "server_error", path: /proj_00[0-4]\/certificates$/, times: 5 }],
    });
    const result = await harness.run({ DRY_RUN: "true" });

    expect(result.ok).toBe(true);
    const ids = result.report.projects.map((p) => p.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids[0]).toBe("proj_000");
  });
});

describe("deactivating alongside the scan", () => {
  it("starts once the cap can no longer trip, before the last project is scanned", async () => {
    // 12 certificates are due: 250 projects could hold 3,000, over the cap of 1,000, so the first
    // deactivation waits until few enough projects are left.
    const harness = await start({
      organization: mixedOrg(250),
      latencyMs: 2,
      env: { MAX_DEACTIVATIONS_PER_RUN: "1000" },
    });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    const kinds = harness.sim.requests.map(endpoint);
    expect(kinds.indexOf("deactivate")).toBeLessThan(kinds.lastIndexOf("project certificates"));
    expect(kinds.filter((k) => k === "deactivate")).toHaveLength(chunksNeeded(mixedOrg(250), DUE));
  });

  it("waits for the whole scan, and deactivates nothing, when the organization's list understates a project's", async () => {
    // The organization listing shows one certificate due; each project has three active.
    const organization = largeOrg({ projects: 3, expiring: 3, activeIn: () => [0, 1, 2, 40] });
    const understated = {
      object: "list",
      data: [
        {
          object: "organization.certificate",
          id: "cert_00",
          name: "cert_00-name",
          created_at: NOW_SECONDS - 400 * 86_400,
          active: true,
          certificate_details: { expires_at: NOW_SECONDS - 86_400 },
        },
      ],
      first_id: "cert_00",
      last_id: "cert_00",
      has_more: false,
    };
    const harness = await start({
      organization,
      env: { MAX_DEACTIVATIONS_PER_RUN: "5" },
      faults: [{ kind: "respond", path: /\/organization\/certificates$/, body: understated }],
    });
    const result = await harness.run();

    expect(result.report.outcome).toBe("cap_exceeded");
    expect(result.report.counts).toMatchObject({ certificates_planned: 0, certificates_failed: 9 });
    expect(harness.sim.requests.map(endpoint)).not.toContain("deactivate");
  });
});

describe("adaptive concurrency", () => {
  it("sends fewer requests at once when the API answers 429, and finishes the whole sweep", async () => {
    const organization = largeOrg({ projects: 300, expiring: 1, activeIn: () => [0, 40] });
    const harness = await start({
      organization,
      latencyMs: 3,
      maxInFlight: 3,
      env: { CONCURRENCY: "12", MAX_DEACTIVATIONS_PER_RUN: "1000" },
    });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    expect(result.report.counts.certificates_deactivated).toBe(300);
    const throttled = harness.sim.requests.filter((r) => r.status === 429).length;
    const answered = harness.sim.requests.length - throttled;
    expect(answered).toBe(1 + 3 + 300 + 300); // nothing lost, nothing done twice
    expect(throttled).toBeGreaterThan(0); // CONCURRENCY 12 met a limit of 3
    // A client holding 12 in flight against a limit of 3 would see most requests refused.
    expect(throttled / harness.sim.requests.length).toBeLessThan(0.1);
    expect(result.summary.admin_api.throttled).toBe(throttled);
    expect(harness.metricValues("AdminApiThrottled")).toEqual([throttled]);
  });
});

describe("a project list that fails part way", () => {
  it("sweeps the projects listed before the failure, then fails the run saying how far it got", async () => {
    const harness = await start({
      organization: largeOrg({ projects: 250, expiring: 1, activeIn: () => [0, 40] }),
      env: { MAX_DEACTIVATIONS_PER_RUN: "1000" },
      // The second page fails on every attempt.
      faults: [{ kind: "server_error", path: /\/organization\/projects$/, skip: 1, times: 10 }],
    });
    const result = await harness.run();

    expect(result.ok).toBe(false);
    expect(result.report.outcome).toBe("failed");
    expect(result.report.errors).toEqual([
      {
        stage: "list projects",
        error: expect.stringContaining(
          "after 100 projects; projects after these were not listed, so not scanned",
        ),
        request_id: expect.stringMatching(/^req_[0-9a-f]{32}$/),
      },
    ]);
    expect(result.report.counts).toMatchObject({
      projects_listed: 100,
      projects_scanned: 100,
      certificates_deactivated: 100,
    });
    expect(harness.sim.activeInProject("proj_099")).toEqual(["cert_40"]);
    expect(harness.sim.activeInProject("proj_100")).toEqual(["cert_00", "cert_40"]);
  });
});

describe("a project list that fails", () => {
  it("does not call an included project 'not found' when the list stopped before reaching it", async () => {
    const harness = await start({
      organization: largeOrg({ projects: 250, expiring: 1, activeIn: () => [0, 40] }),
      env: { INCLUDE_PROJECTS: "proj_010,proj_200" },
      faults: [{ kind: "server_error", path: /\/organization\/projects$/, skip: 1, times: 10 }],
    });
    const result = await harness.run();

    expect(result.ok).toBe(false);
    expect(result.report.projects_not_scanned).toEqual([]);
    expect(result.report.counts.certificates_deactivated).toBe(1); // proj_010, on the first page
    expect(harness.sim.activeInProject("proj_200")).toEqual(["cert_00", "cert_40"]);
  });

  it("on its first page keeps the organization's warnings and says projects were not reached", async () => {
    const organization = largeOrg({ projects: 3, expiring: 1, activeIn: () => [0, 40] });
    const first = organization.certificates[1];
    if (first) first.expires_at = NOW_SECONDS + 3 * 86_400; // expiring soon: a warning
    const harness = await start({
      organization,
      faults: [{ kind: "server_error", path: /\/organization\/projects$/, times: 10 }],
    });
    const result = await harness.run();

    expect(result.report.organization.project_scan).toBe("not_reached");
    expect(result.report.counts.warnings).toBe(1);
    expect(result.report.errors).toEqual([
      {
        stage: "list projects",
        error: expect.not.stringContaining("after 0 projects"),
        request_id: expect.stringMatching(/^req_[0-9a-f]{32}$/),
      },
    ]);
  });

  it("with a rejected key stops scanning the projects already listed", async () => {
    const rejected = REJECTED_KEY_BODY;
    const harness = await start({
      organization: largeOrg({ projects: 250, expiring: 1, activeIn: () => [0, 40] }),
      env: { CONCURRENCY: "2", DRY_RUN: "true" },
      latencyMs: 5,
      faults: [
        {
          kind: "respond",
          status: 401,
          path: /\/organization\/projects$/,
          skip: 1,
          body: rejected,
        },
      ],
    });
    const result = await harness.run();

    expect(result.report.errors.map((e) => e.stage)).toEqual(["authentication"]);
    // The first page's projects that had not started are not scanned: the run stopped.
    expect(result.report.counts.projects_scanned).toBeLessThan(100);
    expect(result.report.projects_not_scanned.every((p) => p.reason === "run_aborted")).toBe(true);
  });
});

describe("an organization larger than one run's time", () => {
  it("names every project it did not scan, across pages listed after the stop, and fails", async () => {
    // Each request moves the sweep's clock on by 1 s; the Lambda has 30 s left, so new projects
    // stop starting 21 s in and requests are cut off at 27 s.
    let now = NOW_SECONDS * 1000;
    const harness = await start({
      organization: largeOrg({ projects: 350, expiring: 1, activeIn: () => [0, 40] }),
      env: { CONCURRENCY: "1", MAX_DEACTIVATIONS_PER_RUN: "1000" },
      clock: { now: () => now },
      onRequest: () => {
        now += 1_000;
      },
      remainingTimeMs: 30_000,
    });
    const result = await harness.run();

    const { counts } = result.report;
    expect(counts.projects_listed).toBe(350);
    expect(counts.projects_scanned).toBeGreaterThan(0);
    expect(counts.projects_scanned + counts.projects_not_scanned).toBe(350);
    expect(result.report.projects_not_scanned.at(-1)).toMatchObject({
      id: "proj_349",
      reason: "time_budget",
    });
    expect(result.report.errors).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.report.outcome).toBe("failed");
  });
});

describe("concurrency", () => {
  it("keeps at most CONCURRENCY Admin API requests in flight", async () => {
    const organization = largeOrg({ projects: 30, expiring: 3, activeIn: (i) => [i % 3] });
    const harness = await start({
      organization,
      latencyMs: 15,
      env: { CONCURRENCY: "3", MAX_DEACTIVATIONS_PER_RUN: "100" },
    });
    const result = await harness.run();

    expect(result.report.counts.certificates_deactivated).toBe(30);
    expect(harness.sim.maxInFlight).toBeLessThanOrEqual(3);
    expect(harness.sim.maxInFlight).toBeGreaterThan(1);
  });
});
