import { describe, expect, it } from "vitest";
import { fixedAdminKey } from "../../lib/secrets.js";
import { ADMIN_KEY, harnessPerTest, REJECTED_KEY_BODY } from "../support/harness.js";
import { cert, largeOrg, NOW_SECONDS, org, project } from "../support/org-builder.js";

const start = harnessPerTest();

// Three projects, each with one expired certificate active.
const threeProjects = () => largeOrg({ projects: 3, expiring: 1, activeIn: () => [0] });

describe("transient failures", () => {
  it("retries a 429 after the Retry-After the API asked for", async () => {
    const harness = await start({
      organization: threeProjects(),
      faults: [
        {
          kind: "rate_limit",
          path: "/organization/projects/proj_001/certificates",
          retryAfterSeconds: 2,
        },
      ],
    });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    // Retry-After: 2, plus the jitter (10% at random 0.5).
    expect(harness.sleeps).toEqual([2_200]);
    expect(result.report.counts.certificates_deactivated).toBe(3);
  });

  it.each([
    ["a 500", { kind: "server_error" as const, status: 500 }],
    ["a 503", { kind: "server_error" as const, status: 503 }],
    ["a connection reset", { kind: "reset" as const }],
  ])("retries %s on a deactivate call with backoff", async (_label, fault) => {
    const harness = await start({
      organization: threeProjects(),
      faults: [{ ...fault, method: "POST", path: "proj_002", times: 2 }],
    });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    expect(harness.sim.activeInProject("proj_002")).toEqual([]);
    // Equal-jitter backoff at random 0.5: 375 ms, then 750 ms.
    expect(harness.sleeps).toEqual([375, 750]);
  });

  it("retries a request that times out", async () => {
    const harness = await start({
      organization: threeProjects(),
      requestTimeoutMs: 300,
      faults: [{ kind: "hang", method: "POST", path: "proj_000" }],
    });
    const result = await harness.run();

    expect(result.ok).toBe(true);
    expect(harness.sim.activeInProject("proj_000")).toEqual([]);
    expect(harness.sleeps).toHaveLength(1);
  });
});

describe("a project that keeps failing", () => {
  it("is reported with its error while the other projects are swept, and the run fails after publishing", async () => {
    const harness = await start({
      organization: threeProjects(),
      faults: [{ kind: "server_error", status: 502, method: "POST", path: "proj_001", times: 100 }],
    });
    const result = await harness.run();

    expect(harness.sim.activeInProject("proj_000")).toEqual([]);
    expect(harness.sim.activeInProject("proj_002")).toEqual([]);
    expect(harness.sim.activeInProject("proj_001")).toEqual(["cert_00"]);
    expect(result.ok).toBe(false);
    expect(result.report.outcome).toBe("failed");
    const failed = result.report.projects.find((p) => p.id === "proj_001");
    expect(failed?.failures).toEqual([
      {
        stage: "deactivate",
        reason: "error",
        error: expect.stringContaining("502"),
        request_id: expect.stringMatching(/^req_[0-9a-f]{32}$/),
        certificates: [expect.objectContaining({ id: "cert_00" })],
      },
    ]);
    // The request id is the simulator's answer to the failed call, also named in the error text.
    const failure = failed?.failures[0];
    const lastAnswer = harness.sim.requests
      .filter((r) => r.path === "/v1/organization/projects/proj_001/certificates/deactivate")
      .at(-1);
    expect(failure?.request_id).toBe(lastAnswer?.requestId);
    expect(failure?.error).toContain(`[request ${failure?.request_id}]`);
    expect(result.report.counts).toMatchObject({
      certificates_deactivated: 2,
      certificates_failed: 1,
      projects_failed: 1,
    });
    expect(harness.published).toHaveLength(1);
    expect(harness.published[0]?.MessageAttributes?.outcome?.StringValue).toBe("failed");
    expect(result.ok ? "" : result.error.message).toContain("FAILED");
  });

  it("is reported with a bounded error when the API answers a huge error body", async () => {
    const harness = await start({
      organization: threeProjects(),
      faults: [
        {
          kind: "respond",
          status: 502,
          method: "POST",
          path: "proj_001",
          times: 100,
          body: { error: { message: `<html>${"proxy error ".repeat(6_000)}</html>` } },
        },
      ],
    });
    const result = await harness.run();

    expect(result.ok).toBe(false);
    const error = result.report.projects.find((p) => p.id === "proj_001")?.failures[0]?.error ?? "";
    expect(error).toMatch(/^502 <html>proxy error/);
    expect(error.length).toBeLessThanOrEqual(500);
    expect(harness.published).toHaveLength(1);
  });

  it("is reported when its listing answers a body that breaks the contract", async () => {
    const harness = await start({
      organization: threeProjects(),
      faults: [
        {
          kind: "respond",
          method: "GET",
          path: "/organization/projects/proj_002/certificates",
          times: 10,
          body: { object: "list", data: [{ id: "cert_00", active: "yes" }], has_more: false },
        },
      ],
    });
    const result = await harness.run();

    expect(result.ok).toBe(false);
    expect(result.report.projects.find((p) => p.id === "proj_002")?.failures[0]).toMatchObject({
      stage: "list",
      error: expect.stringContaining("unexpected response"),
    });
    expect(result.report.counts.certificates_deactivated).toBe(2);
  });

  it("does not count a certificate the API still reports active as deactivated", async () => {
    const harness = await start({
      organization: threeProjects(),
      faults: [
        {
          kind: "respond",
          method: "POST",
          path: "proj_000",
          body: {
            object: "organization.project.certificate.deactivation",
            data: [
              {
                object: "organization.project.certificate",
                id: "cert_00",
                name: null,
                created_at: 1,
                active: true,
                certificate_details: {},
              },
            ],
          },
        },
      ],
    });
    const result = await harness.run();

    const p0 = result.report.projects.find((p) => p.id === "proj_000");
    expect(p0?.deactivated).toEqual([]);
    expect(p0?.failures[0]?.error).toContain("did not confirm");
    expect(result.ok).toBe(false);
  });

  it("stops when a list's cursor does not advance instead of looping", async () => {
    const harness = await start({
      organization: threeProjects(),
      faults: [
        {
          kind: "respond",
          method: "GET",
          path: /\/organization\/projects$/,
          times: 1000,
          body: { object: "list", data: [], first_id: null, last_id: "proj_000", has_more: true },
        },
      ],
    });
    const result = await harness.run();

    expect(result.ok).toBe(false);
    expect(result.report.errors).toEqual([
      {
        stage: "list projects",
        error: expect.stringContaining("cursor did not advance"),
        // The page that broke the list is named: its answer's x-request-id.
        request_id: harness.sim.requests
          .filter((r) => r.path === "/v1/organization/projects")
          .at(-1)?.requestId,
      },
    ]);
    expect(result.report.errors[0]?.request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(
      harness.sim.requests.filter((r) => r.path === "/v1/organization/projects").length,
    ).toBeLessThanOrEqual(3);
  });
});

describe("a rejected admin key", () => {
  it("fails the run with an authentication error that carries no key material", async () => {
    const harness = await start({ organization: threeProjects() });
    const wrongKey = "sk-admin-WRONG-abcdefghijklmnop1234";
    const result = await harness.run({}, { adminKey: fixedAdminKey(wrongKey) });

    expect(result.ok).toBe(false);
    expect(result.report.errors).toEqual([
      {
        stage: "authentication",
        error: expect.stringContaining("401"),
        request_id: harness.sim.requests[0]?.requestId,
      },
    ]);
    expect(harness.sim.requests).toHaveLength(1); // not retried, nothing else attempted
    const everything = JSON.stringify([result, harness.published, harness.logs]);
    expect(everything).not.toContain(wrongKey);
    expect(everything).not.toContain(ADMIN_KEY);
    expect(everything).not.toMatch(/sk-admi/);
    expect(result.ok ? "" : result.error.message).not.toMatch(/sk-/);
  });

  it("stops starting projects once the key is rejected mid-run", async () => {
    const harness = await start({
      organization: largeOrg({ projects: 10, expiring: 1, activeIn: () => [0] }),
      env: { CONCURRENCY: "1" },
      faults: [
        {
          kind: "respond",
          status: 401,
          path: "proj_003",
          times: 100,
          body: REJECTED_KEY_BODY,
        },
      ],
    });
    const result = await harness.run({ DRY_RUN: "true" });

    expect(result.ok).toBe(false);
    expect(result.report.errors.map((e) => e.stage)).toEqual(["authentication"]);
    expect(result.report.projects_not_scanned.map((p) => p.reason)).toEqual(
      Array(6).fill("run_aborted"),
    );
    expect(JSON.stringify(result.report)).not.toContain("sk-admi");
  });
});

describe("the time budget", () => {
  it("stops starting projects when time runs short, reports them as not scanned, and fails", async () => {
    // Each Admin API request moves the sweep's clock on by 10 s; the Lambda has 120 s left.
    let now = NOW_SECONDS * 1000;
    const harness = await start({
      organization: largeOrg({ projects: 20, expiring: 1, activeIn: () => [0] }),
      env: { CONCURRENCY: "1", MAX_DEACTIVATIONS_PER_RUN: "100" },
      clock: { now: () => now },
      onRequest: () => {
        now += 10_000;
      },
      remainingTimeMs: 120_000,
    });
    const result = await harness.run();

    const { projects_scanned, projects_not_scanned, certificates_deactivated } =
      result.report.counts;
    expect(projects_scanned).toBeGreaterThan(0);
    expect(projects_not_scanned).toBeGreaterThan(0);
    expect(projects_scanned + projects_not_scanned).toBe(20);
    expect(result.report.projects_not_scanned.every((p) => p.reason === "time_budget")).toBe(true);
    // Projects already scanned use the reserve to act: the due certificates found are deactivated
    // until the abort point; the rest are reported as not attempted, never silently dropped.
    expect(certificates_deactivated).toBeGreaterThan(0);
    const notAttempted = result.report.projects.flatMap((p) => p.failures);
    expect(certificates_deactivated + notAttempted.length).toBe(projects_scanned);
    expect(notAttempted.every((f) => f.error.startsWith("not attempted"))).toBe(true);
    expect(result.ok).toBe(false);
    expect(harness.published).toHaveLength(1);
  });

  it("cuts off a request still hanging when the budget's abort point comes, and still reports", async () => {
    const harness = await start({
      organization: threeProjects(),
      clock: { now: Date.now },
      remainingTimeMs: 5_000, // the abort point falls 3 s in; 2 s stay for publishing
      requestTimeoutMs: 60_000,
      faults: [{ kind: "hang", path: "/organization/certificates" }],
    });
    const result = await harness.run();

    expect(result.ok).toBe(false);
    expect(result.report.errors).toEqual([
      {
        stage: "list organization certificates",
        error: "stopped: the run's time budget ran out",
        request_id: null,
      },
    ]);
    expect(harness.published).toHaveLength(1);
  });
});

describe("publishing", () => {
  it("cuts off a publish that never returns before the Lambda ends, and still logs and fails", async () => {
    const harness = await start({
      organization: org([cert("cert_a", -1)], [project("proj_a")], { proj_a: ["cert_a"] }),
      remainingTimeMs: 1_500, // the publish must give up 1 s before the end
      // An SNS call that only ends when its deadline signal fires.
      publish: (_input, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener("abort", () => reject(signal.reason)),
        ),
    });
    const result = await harness.run();

    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error.message).toContain(
      "publishing report part 1 of 1 to SNS failed",
    );
    expect(harness.logs).toEqual([
      expect.objectContaining({
        level: "error",
        attributes: expect.objectContaining({
          publish_error: expect.stringContaining("TimeoutError"),
          report_log_parts: 1,
        }),
      }),
      expect.objectContaining({
        level: "error",
        message: "sweep report (part 1 of 1)",
        attributes: { run_id: result.report.run_id, part: "part 1 of 1", report: result.report },
      }),
    ]);
  });

  it("fails the run when SNS keeps failing, after the sweep's work is done", async () => {
    const harness = await start({
      organization: org([cert("cert_a", -1)], [project("proj_a")], { proj_a: ["cert_a"] }),
      publish: () =>
        Promise.reject(
          Object.assign(new Error("Service unavailable"), { name: "InternalErrorException" }),
        ),
    });
    const result = await harness.run();

    expect(harness.sim.activeInProject("proj_a")).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error.message).toContain(
      "publishing report part 1 of 1 to SNS failed",
    );
    expect(harness.logs[0]).toMatchObject({
      level: "error",
      attributes: { publish_error: expect.stringContaining("InternalErrorException") },
    });
    // The report that could not be published follows the summary line, whole.
    expect(harness.logs[0]?.attributes.report).toBeUndefined();
    expect(harness.logs[1]).toMatchObject({
      level: "error",
      message: "sweep report (part 1 of 1)",
      attributes: { part: "part 1 of 1", report: result.report },
    });
  });
});
