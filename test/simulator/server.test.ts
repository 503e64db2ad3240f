import { describe, expect, it } from "vitest";
import type { Simulator } from "../../lib/simulator/server.js";
import { simulatorPerTest, tinyOrganization } from "./support.js";

const KEY = "sk-admin-server-test-key-0wxyz";
const start = simulatorPerTest(KEY);

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

function get(sim: Simulator, path: string, key: string | null = KEY): Promise<Response> {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  return fetch(`${sim.url}${path}`, { headers });
}

describe("authentication", () => {
  it("answers 401 with OpenAI's message, echoing only a masked form of a wrong key", async () => {
    const sim = await start();
    const wrongKey = "sk-admin-WRONG-secret-middle-wxyz";
    const response = await get(sim, "/organization/certificates", wrongKey);
    expect(response.status).toBe(401);
    const { error } = (await response.json()) as ErrorBody;
    expect(error).toEqual({
      message: expect.stringMatching(/^Incorrect API key provided: sk-admi\*+wxyz\. You can find/),
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    });
    expect(error.message).not.toContain("secret-middle");
  });

  it("answers 401 when no key is sent, on every path", async () => {
    const sim = await start();
    for (const path of ["/organization/projects", "/no/such/path"]) {
      const response = await get(sim, path, null);
      expect(response.status).toBe(401);
      expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_api_key");
    }
  });

  it("accepts only the new key once the key is rotated", async () => {
    const sim = await start();
    const rotated = "sk-admin-rotated-key-abcdef0123";
    expect((await get(sim, "/organization/projects")).status).toBe(200);
    sim.rotateAdminKey(rotated);
    expect((await get(sim, "/organization/projects")).status).toBe(401);
    expect((await get(sim, "/organization/projects", rotated)).status).toBe(200);
  });

  it("records whether each request was authorized without storing the key", async () => {
    const sim = await start();
    await get(sim, "/organization/projects", "sk-admin-another-wrong-keyzz");
    await get(sim, "/organization/projects");
    expect(sim.requests.map((request) => [request.status, request.authorized])).toEqual([
      [401, false],
      [200, true],
    ]);
    expect(JSON.stringify(sim.requests)).not.toContain("wrong-key");
  });
});

describe("routing", () => {
  it("answers 404 with an error body for an unknown path", async () => {
    const sim = await start();
    const response = await get(sim, "/organization/certificates/cert_1/content");
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.type).toBe("invalid_request_error");
  });

  it("answers 405 with Allow for a known path and the wrong method", async () => {
    const sim = await start();
    const response = await fetch(`${sim.url}/organization/projects`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(((await response.json()) as ErrorBody).error.message).toContain("POST");
  });
});

describe("state", () => {
  it("owns a deep copy of the organization and hands out copies", async () => {
    const seed = tinyOrganization();
    const sim = await start({ organization: seed });
    seed.projectActive.proj_1?.pop();
    const snapshot = sim.snapshot();
    snapshot.projectActive.proj_1?.pop();
    expect(sim.activeInProject("proj_1")).toEqual(["cert_1"]);
    expect(sim.snapshot()).toEqual(tinyOrganization());
    expect(sim.activeInProject("proj_unknown")).toEqual([]);
  });
});

describe("recording", () => {
  it("records method, path, query, body and status in arrival order", async () => {
    const sim = await start();
    const listed = await get(sim, "/organization/projects?limit=5&after=proj_1&limit=7");
    const posted = await fetch(`${sim.url}/organization/projects/proj_1/certificates/deactivate`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ certificate_ids: ["cert_1"] }),
    });
    // Every answer names its request, like the real API, and the record keeps the same id.
    const ids = [listed, posted].map((response) => response.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(2);
    expect(sim.requests.map((r) => r.requestId)).toEqual(ids);
    expect(sim.requests).toEqual([
      {
        method: "GET",
        path: "/v1/organization/projects",
        query: { limit: "7", after: "proj_1" },
        rawQuery: "limit=5&after=proj_1&limit=7",
        body: undefined,
        status: 200,
        authorized: true,
        requestId: ids[0],
      },
      {
        method: "POST",
        path: "/v1/organization/projects/proj_1/certificates/deactivate",
        query: {},
        rawQuery: "",
        body: { certificate_ids: ["cert_1"] },
        status: 200,
        authorized: true,
        requestId: ids[1],
      },
    ]);
  });

  it("calls onRequest as each request arrives and clears on resetRecording", async () => {
    const seen: { method: string; path: string }[] = [];
    const sim = await start({ onRequest: (request) => seen.push(request) });
    await get(sim, "/organization/certificates");
    expect(seen).toEqual([{ method: "GET", path: "/v1/organization/certificates" }]);
    sim.resetRecording();
    expect(sim.requests).toEqual([]);
    expect(sim.maxInFlight).toBe(0);
  });

  it("counts one request in flight at a time when requests are sequential", async () => {
    const sim = await start();
    for (let index = 0; index < 3; index += 1) await get(sim, "/organization/certificates");
    expect(sim.maxInFlight).toBe(1);
  });

  it("tracks the highest number of concurrent requests", async () => {
    const sim = await start({ latencyMs: 200 });
    const paths = ["/organization/certificates", "/organization/projects", "/nope"];
    const statuses = await Promise.all(
      [...paths, ...paths].map(async (path) => (await get(sim, path)).status),
    );
    expect(statuses).toEqual([200, 200, 404, 200, 200, 404]);
    expect(sim.maxInFlight).toBe(6);
    expect(sim.requests).toHaveLength(6);
    expect(new Set(sim.requests.map((request) => request.path)).size).toBe(3);
  });
});

describe("latency", () => {
  it("delays every answer by latencyMs", async () => {
    const sim = await start({ latencyMs: 150 });
    const started = performance.now();
    const response = await get(sim, "/organization/certificates");
    expect(response.status).toBe(200);
    // Timers may fire a hair early relative to performance.now().
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });
});

describe("close", () => {
  it("stops listening and can be called twice", async () => {
    const sim = await start();
    await sim.close();
    await sim.close();
    await expect(get(sim, "/organization/certificates")).rejects.toThrow();
  });
});
