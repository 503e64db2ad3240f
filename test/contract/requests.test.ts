import { describe, expect, it } from "vitest";
import { createAdminApi } from "../../lib/openai/admin-api.js";
import { clientCache } from "../../lib/openai/client.js";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import { makePem } from "../../lib/simulator/pem-factory.js";
import { startSimulator } from "../../lib/simulator/server.js";
import { ADMIN_KEY, harnessPerTest } from "../support/harness.js";
import { largeOrg, NOW_SECONDS } from "../support/org-builder.js";
import { ERROR_RESPONSE, requestProblems, successSchema, validateRef } from "./openapi.js";

const RENEWED_PEM = makePem({
  commonName: "renewed",
  validAt: NOW_SECONDS - 3600,
  expiresAt: NOW_SECONDS + 365 * 86_400,
});

const start = harnessPerTest();

describe("every request the sweep sends follows the shared OpenAPI document", () => {
  it.each([
    ["the demo organization", () => demoOrganization(NOW_SECONDS), {}],
    [
      "the demo organization with archived projects",
      () => demoOrganization(NOW_SECONDS),
      { INCLUDE_ARCHIVED_PROJECTS: "true" },
    ],
    ["a dry run", () => demoOrganization(NOW_SECONDS), { DRY_RUN: "true" }],
    [
      "replacements activated first",
      () => demoOrganization(NOW_SECONDS),
      { ACTIVATE_REPLACEMENTS: "true" },
    ],
    [
      "120 projects with 23 due certificates each",
      () => largeOrg({ projects: 120, expiring: 23, activeIn: () => [...Array(23).keys()] }),
      { MAX_DEACTIVATIONS_PER_RUN: "5000" },
    ],
  ])("for %s", async (_label, organization, env) => {
    const harness = await start({ organization: organization() });
    await harness.run(env);
    await harness.run(env); // the rerun, too
    const requests = harness.sim.requests;

    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(
        requestProblems(request),
        `${request.method} ${request.path}?${request.rawQuery}`,
      ).toEqual([]);
    }
    if ("ACTIVATE_REPLACEMENTS" in env) {
      expect(requests.some((r) => r.path.endsWith("/certificates/activate"))).toBe(true);
    }
    for (const request of requests.filter((r) => r.method === "POST")) {
      const ids = (request.body as { certificate_ids: string[] }).certificate_ids;
      expect(new Set(ids).size, "no duplicate id in one call").toBe(ids.length);
    }
    // Lists ask for the largest page the spec allows.
    const lists = requests.filter((r) => r.method === "GET" && !/\/cert_[^/]+$/.test(r.path));
    expect(lists.every((r) => r.query.limit === "100")).toBe(true);
  });

  it("for an organization-level deactivation", async () => {
    const harness = await start({ organization: demoOrganization(NOW_SECONDS) });
    const client = clientCache({ baseURL: harness.sim.url })(ADMIN_KEY);
    const api = createAdminApi(client, (send) => send(new AbortController().signal));
    await api.deactivateOrganizationCertificates([
      "cert_payments_gateway_2025",
      "cert_legacy_billing_2024",
    ]);

    const requests = harness.sim.requests;
    expect(requests.map((r) => [r.method, r.path])).toEqual([
      ["POST", "/v1/organization/certificates/deactivate"],
    ]);
    for (const request of requests) {
      expect(requestProblems(request), `${request.method} ${request.path}`).toEqual([]);
    }
  });
});

describe("the simulator answers as the shared OpenAPI document describes", () => {
  const get = (url: string, key = ADMIN_KEY) =>
    fetch(url, { headers: { authorization: `Bearer ${key}` } });

  it("for each operation the sweep uses, on success and on error", async () => {
    const sim = await startSimulator({
      adminKey: ADMIN_KEY,
      organization: demoOrganization(NOW_SECONDS),
    });
    try {
      const cases: [string, string, RequestInit?][] = [
        ["GET", "/organization/certificates?limit=3"],
        ["GET", "/organization/projects?include_archived=true"],
        ["GET", "/organization/projects/proj_payments/certificates"],
        [
          "POST",
          "/organization/projects/proj_payments/certificates/deactivate",
          { body: JSON.stringify({ certificate_ids: ["cert_payments_gateway_2025"] }) },
        ],
        [
          "POST",
          "/organization/certificates/deactivate",
          { body: JSON.stringify({ certificate_ids: ["cert_vendor_bundle"] }) },
        ],
        [
          "POST",
          "/organization/certificates/activate",
          { body: JSON.stringify({ certificate_ids: ["cert_vendor_bundle"] }) },
        ],
        ["GET", "/organization/certificates/cert_partner_sftp_2025?include[]=content"],
        [
          "POST",
          "/organization/projects/proj_partner_api/certificates/activate",
          { body: JSON.stringify({ certificate_ids: ["cert_checkout_edge_2026"] }) },
        ],
        [
          "POST",
          "/organization/certificates",
          { body: JSON.stringify({ name: "renewed", certificate: RENEWED_PEM }) },
        ],
      ];
      for (const [method, path, init] of cases) {
        const response = await fetch(`${sim.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
          ...init,
        });
        expect(response.status).toBe(200);
        const schema = successSchema(method, new URL(`${sim.url}${path}`).pathname);
        expect(validateRef(schema, await response.json()), `${method} ${path}`).toEqual([]);
      }

      const unauthorized = await get(`${sim.url}/organization/certificates`, "sk-wrong-key-123456");
      expect(unauthorized.status).toBe(401);
      expect(validateRef(ERROR_RESPONSE, await unauthorized.json())).toEqual([]);

      sim.injectFault({ kind: "rate_limit", retryAfterSeconds: 3 });
      const limited = await get(`${sim.url}/organization/certificates`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("3");
      expect(validateRef(ERROR_RESPONSE, await limited.json())).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe("the contract checker", () => {
  it("rejects the known traps, so a passing contract test means something", () => {
    const deactivate = "/v1/organization/projects/proj_a/certificates/deactivate";
    const problems = (request: Partial<Parameters<typeof requestProblems>[0]>) =>
      requestProblems({
        method: "GET",
        path: "/v1/organization/certificates",
        query: {},
        body: undefined,
        ...request,
      });

    expect(problems({ method: "POST", path: deactivate, body: { data: ["cert_a"] } })).not.toEqual(
      [],
    );
    expect(
      problems({ method: "POST", path: deactivate, body: { certificate_ids: [] } }),
    ).not.toEqual([]);
    expect(
      problems({
        method: "POST",
        path: deactivate,
        body: { certificate_ids: Array(11).fill("cert_a") },
      }),
    ).not.toEqual([]);
    expect(problems({ query: { limit: "101" } })).not.toEqual([]);
    expect(problems({ query: { page: "2" } })).not.toEqual([]);
    expect(problems({ path: "/v1/organization/project/proj_a/certificates" })).not.toEqual([]);
    expect(
      problems({ method: "POST", path: deactivate, body: { certificate_ids: ["cert_a"] } }),
    ).toEqual([]);

    const orgDeactivate = "/v1/organization/certificates/deactivate";
    expect(
      problems({ method: "POST", path: orgDeactivate, body: { data: ["cert_a"] } }),
    ).not.toEqual([]);
    expect(
      problems({
        method: "POST",
        path: orgDeactivate,
        body: { certificate_ids: Array(11).fill("cert_a") },
      }),
    ).not.toEqual([]);
    expect(problems({ method: "POST", path: orgDeactivate, body: undefined })).not.toEqual([]);
    expect(
      problems({ method: "POST", path: orgDeactivate, body: { certificate_ids: ["cert_a"] } }),
    ).toEqual([]);
  });
});
