import { describe, expect, it } from "vitest";
import { ResponseValidationError } from "../../lib/errors.js";
import { createAdminApi } from "../../lib/openai/admin-api.js";
import { clientCache } from "../../lib/openai/client.js";
import { ADMIN_KEY, harnessPerTest } from "../support/harness.js";
import { largeOrg, NOW_SECONDS } from "../support/org-builder.js";

const start = harnessPerTest();

describe("ids that could bend a URL path", () => {
  it("fail the project list with a clear error, and nothing is sent to another path", async () => {
    const hostile = {
      object: "list",
      data: [
        {
          object: "organization.project",
          id: "proj_000/../../certificates",
          name: "evil",
          created_at: NOW_SECONDS,
          archived_at: null,
          status: "active",
        },
      ],
      first_id: "x",
      last_id: "x",
      has_more: false,
    };
    const harness = await start({
      organization: largeOrg({ projects: 3, expiring: 1, activeIn: () => [0] }),
      faults: [{ kind: "respond", path: /\/organization\/projects$/, body: hostile }],
    });
    const result = await harness.run();

    expect(result.ok).toBe(false);
    expect(result.report.errors).toEqual([
      {
        stage: "list projects",
        error: expect.stringContaining("letters, digits, _ and -"),
        // A body that breaks the contract still names the request that carried it.
        request_id: harness.sim.requests[1]?.requestId,
      },
    ]);
    expect(harness.sim.requests.map((r) => r.path)).toEqual([
      "/v1/organization/certificates",
      "/v1/organization/projects",
    ]);
  });

  it("are refused by the Admin API calls themselves before any request", async () => {
    const harness = await start({
      organization: largeOrg({ projects: 1, expiring: 1, activeIn: () => [0] }),
    });
    const client = clientCache({ baseURL: harness.sim.url })(ADMIN_KEY);
    const api = createAdminApi(client, (send) => send(new AbortController().signal));

    await expect(api.deactivateProjectCertificates("proj_000/..", ["cert_00"])).rejects.toThrow(
      ResponseValidationError,
    );
    await expect(api.deactivateProjectCertificates("proj_000", ["cert_00?x"])).rejects.toThrow(
      ResponseValidationError,
    );
    expect(() => api.listProjectCertificates("proj_000?limit=1")).toThrow(ResponseValidationError);
    expect(harness.sim.requests).toEqual([]);
  });
});

describe("the admin key, as a canary", () => {
  it("appears in no report, SNS message, log line or error, even when the API echoes it back", async () => {
    const echo = (status: number) => ({
      kind: "respond" as const,
      status,
      path: /proj_00[0-2]\/certificates$/,
      times: 20,
      body: {
        error: {
          message: `Bad request. Headers were: Authorization: Bearer ${ADMIN_KEY}; key=${ADMIN_KEY}`,
          type: "invalid_request_error",
          param: ADMIN_KEY,
          code: null,
        },
      },
    });
    const harness = await start({
      organization: largeOrg({ projects: 5, expiring: 1, activeIn: () => [0, 40] }),
      faults: [echo(400), echo(500)],
    });
    const result = await harness.run();

    expect(result.ok).toBe(false);
    expect(result.report.counts.projects_failed).toBeGreaterThan(0);
    const everything = JSON.stringify([
      result.report,
      result.summary,
      result.ok ? "" : result.error.message,
      result.ok ? "" : result.error.stack,
      harness.published,
      harness.logs,
    ]);
    expect(everything).not.toContain(ADMIN_KEY);
    expect(everything).not.toContain(ADMIN_KEY.slice(8, 30));
  });
});
