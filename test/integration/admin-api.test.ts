import { describe, expect, it } from "vitest";
import { ResponseValidationError } from "../../lib/errors.js";
import { createAdminApi } from "../../lib/openai/admin-api.js";
import { clientCache } from "../../lib/openai/client.js";
import type { RequestRunner } from "../../lib/openai/request.js";
import { ADMIN_KEY, harnessPerTest } from "../support/harness.js";
import { largeOrg } from "../support/org-builder.js";

const start = harnessPerTest();

/** The Admin API over a simulator, with a runner that counts the requests it is handed. */
async function adminApi(faults: Parameters<typeof start>[0]["faults"] = []) {
  const harness = await start({
    organization: largeOrg({ projects: 2, expiring: 3, activeIn: () => [0, 1] }),
    faults,
  });
  const runs = { count: 0 };
  const run: RequestRunner = (send) => {
    runs.count += 1;
    return send(new AbortController().signal);
  };
  const api = createAdminApi(clientCache({ baseURL: harness.sim.url })(ADMIN_KEY), run);
  return { harness, api, runs };
}

describe("deactivateOrganizationCertificates", () => {
  it("sends exactly the certificate_ids to the organization endpoint and returns the certificates", async () => {
    const { harness, api, runs } = await adminApi();

    const answered = await api.deactivateOrganizationCertificates(["cert_02", "cert_00"]);
    const certificates = answered.data;

    expect(certificates.map((c) => [c.object, c.id, c.active])).toEqual([
      ["organization.certificate", "cert_02", false],
      ["organization.certificate", "cert_00", false],
    ]);
    expect(certificates[0]?.created_at).toEqual(expect.any(Number));
    expect(harness.sim.requests.map((r) => [r.method, r.path, r.rawQuery, r.body])).toEqual([
      [
        "POST",
        "/v1/organization/certificates/deactivate",
        "",
        { certificate_ids: ["cert_02", "cert_00"] },
      ],
    ]);
    expect(runs.count).toBe(1); // one request, through the runner's limit, retries and deadline
    // The answer's x-request-id comes back with it: the audit handle OpenAI support asks for.
    expect(answered.requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expect(answered.requestId).toBe(harness.sim.requests[0]?.requestId);
    const { orgActive, projectActive } = harness.sim.snapshot();
    expect(orgActive).not.toContain("cert_00");
    expect(orgActive).not.toContain("cert_02");
    expect(orgActive).toContain("cert_01");
    expect(projectActive.proj_000).toEqual(["cert_00", "cert_01"]);
  });

  it("fails with a validation error when the answer is not an organization deactivation", async () => {
    const { api } = await adminApi([
      {
        kind: "respond",
        path: "/organization/certificates/deactivate",
        body: { object: "organization.project.certificate.deactivation", data: [] },
      },
    ]);

    await expect(api.deactivateOrganizationCertificates(["cert_00"])).rejects.toThrow(
      ResponseValidationError,
    );
  });

  it("refuses an unsafe id before any request", async () => {
    const { harness, api, runs } = await adminApi();

    await expect(
      api.deactivateOrganizationCertificates(["cert_00", "../projects/proj_000"]),
    ).rejects.toThrow(ResponseValidationError);
    expect(harness.sim.requests).toEqual([]);
    expect(runs.count).toBe(0);
    expect(harness.sim.snapshot().orgActive).toContain("cert_00");
  });
});

describe("certificateContent", () => {
  it("asks for the PEM with include[]=content and returns it, or undefined when there is none", async () => {
    const { harness, api } = await adminApi();
    expect((await api.certificateContent("cert_00")).data).toBeUndefined();
    expect(harness.sim.requests.map((r) => [r.method, r.path, r.rawQuery])).toEqual([
      ["GET", "/v1/organization/certificates/cert_00", "include%5B%5D=content"],
    ]);
  });

  it("refuses an answer about another certificate", async () => {
    const { api } = await adminApi([
      {
        kind: "respond",
        status: 200,
        path: /\/organization\/certificates\/cert_00$/,
        body: { object: "certificate", id: "cert_01", certificate_details: {} },
      },
    ]);
    await expect(api.certificateContent("cert_00")).rejects.toThrow(
      /get certificate cert_00: the answer is about cert_01/,
    );
  });
});
