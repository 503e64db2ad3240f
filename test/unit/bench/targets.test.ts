import { describe, expect, it } from "vitest";
import { benchOrganization, worstCaseOrganization } from "../../bench/bench-org.js";
import {
  deactivateCalls,
  minimumByEndpoint,
  minimumRequests,
  wallTimeBoundMs,
} from "../../bench/targets.js";

const NOW = 1_800_000_000;
const sweep = { latencyMs: 25, concurrency: 20, serverLimit: 16 };

describe("deactivateCalls", () => {
  it("needs the fewest chunks of at most 10 per project, none for a project with nothing due", () => {
    expect(deactivateCalls([0, 1, 10, 11, 20, 21])).toBe(0 + 1 + 1 + 2 + 2 + 3);
  });
});

describe("minimumRequests", () => {
  it("is the organization listing alone when no certificate is in the window", () => {
    expect(minimumRequests({ anyInWindow: false, duePerProject: Array(10_000).fill(0) })).toBe(1);
  });

  it("is 1 + ceil(P/100) + P + the sum of ceil(n/10) otherwise", () => {
    // 150 projects: 2 pages; deactivations 13 -> 2 calls, 10 -> 1, 1 -> 1.
    const duePerProject = [13, 10, 1, ...Array(147).fill(0)];
    expect(minimumRequests({ anyInWindow: true, duePerProject })).toBe(1 + 2 + 150 + 4);
  });

  it("still lists every project when certificates are in the window but active nowhere", () => {
    expect(minimumRequests({ anyInWindow: true, duePerProject: Array(100).fill(0) })).toBe(
      1 + 1 + 100,
    );
  });

  it("splits the minimum by endpoint", () => {
    expect(minimumByEndpoint({ anyInWindow: true, duePerProject: [12, 0, 1] })).toEqual({
      orgCertificates: 1,
      projectPages: 1,
      projectCertificates: 3,
      deactivate: 3,
    });
    expect(minimumByEndpoint({ anyInWindow: false, duePerProject: [12, 0, 1] })).toEqual({
      orgCertificates: 1,
      projectPages: 0,
      projectCertificates: 0,
      deactivate: 0,
    });
  });
});

describe("wallTimeBoundMs", () => {
  it("is one request's latency on a quiet day", () => {
    expect(wallTimeBoundMs({ anyInWindow: false, duePerProject: [1, 2], ...sweep })).toBe(25);
  });

  it("runs the pages in sequence and the rest min(CONCURRENCY, server limit) at a time", () => {
    // 1,000 projects and 220 deactivate calls: 25 x 11 + 25 x 1,220 / 16.
    const duePerProject = [...Array(10).fill(12), ...Array(200).fill(1), ...Array(790).fill(0)];
    expect(wallTimeBoundMs({ anyInWindow: true, duePerProject, ...sweep })).toBe(
      25 * 11 + (25 * 1220) / 16,
    );
    expect(wallTimeBoundMs({ anyInWindow: true, duePerProject, ...sweep, concurrency: 4 })).toBe(
      25 * 11 + (25 * 1220) / 4,
    );
  });
});

describe("the benchmark's organizations", () => {
  it("has 1 due certificate in every fifth project and 12 in every hundredth", () => {
    const bench = benchOrganization({ projects: 1000, nowSeconds: NOW });
    expect(bench.anyInWindow).toBe(true);
    expect(bench.inWindow).toHaveLength(12);
    expect(bench.duePerProject.filter((n) => n === 1)).toHaveLength(200);
    expect(bench.duePerProject.filter((n) => n === 12)).toHaveLength(10);
    expect(bench.duePerProject.filter((n) => n === 0)).toHaveLength(790);
    expect(minimumRequests(bench)).toBe(1 + 10 + 1000 + 220);
  });

  it("has every project listed with two healthy certificates active", () => {
    const { organization } = benchOrganization({ projects: 100, nowSeconds: NOW });
    expect(organization.projects.map((p) => p.id).slice(0, 2)).toEqual([
      "proj_00000",
      "proj_00001",
    ]);
    expect(organization.projectActive.proj_00000).toEqual(["cert_12", "cert_31"]);
    expect(organization.projectActive.proj_00002).toEqual(["cert_14", "cert_33", "cert_02"]);
  });

  it("has nothing in the window on a quiet day", () => {
    const bench = benchOrganization({ projects: 500, nowSeconds: NOW, quiet: true });
    expect(bench.anyInWindow).toBe(false);
    expect(bench.duePerProject.every((n) => n === 0)).toBe(true);
    expect(minimumRequests(bench)).toBe(1);
  });

  it("has 10 due certificates in every project in the worst case", () => {
    const bench = worstCaseOrganization({ projects: 1000, nowSeconds: NOW });
    expect(bench.duePerProject.every((n) => n === 10)).toBe(true);
    expect(deactivateCalls(bench.duePerProject)).toBe(1000);
  });
});
