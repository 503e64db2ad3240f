import { describe, expect, it } from "vitest";
import type { Simulator } from "../../lib/simulator/server.js";
import { simulatorPerTest } from "./support.js";

const KEY = "sk-admin-faults-test-key-0wxyz";
const CERTS = "/v1/organization/certificates";
const start = simulatorPerTest(KEY);

function get(sim: Simulator, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${KEY}` }, ...init });
}

function deactivate(sim: Simulator): Promise<Response> {
  return fetch(`${sim.url}/organization/projects/proj_1/certificates/deactivate`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ certificate_ids: ["cert_1"] }),
  });
}

describe("fault injection", () => {
  it("rate_limit answers 429 with Retry-After and OpenAI's error body, once by default", async () => {
    const sim = await start({ faults: [{ kind: "rate_limit", retryAfterSeconds: 7 }] });
    const limited = await get(sim, "/organization/certificates");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(await limited.json()).toEqual({
      error: {
        message: expect.any(String),
        type: "requests",
        param: null,
        code: "rate_limit_exceeded",
      },
    });
    expect((await get(sim, "/organization/certificates")).status).toBe(200);
  });

  it("maxInFlight turns away requests beyond the limit with 429 and Retry-After, and lets the rest through", async () => {
    const sim = await start({ maxInFlight: 2, latencyMs: 100, throttleRetryAfterSeconds: 3 });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => get(sim, "/organization/certificates")),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    const limited = responses.find((response) => response.status === 429);
    expect(limited?.headers.get("retry-after")).toBe("3");
    expect(sim.maxInFlight).toBe(2);
    expect((await get(sim, "/organization/certificates")).status).toBe(200);
    expect(sim.requests.filter((request) => request.status === 429)).toHaveLength(3);
  });

  it("respond with rawBody sends the text as it is, not as JSON", async () => {
    const sim = await start({ faults: [{ kind: "respond", status: 502, rawBody: "<html>oops" }] });
    const response = await get(sim, "/organization/projects");
    expect(response.status).toBe(502);
    expect(await response.text()).toBe("<html>oops");
  });

  it("skip lets that many matching requests through before the rule applies", async () => {
    const sim = await start({ faults: [{ kind: "server_error", skip: 2, times: 1 }] });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await get(sim, "/organization/projects")).status);
    }
    expect(statuses).toEqual([200, 200, 500, 200]);
  });

  it("server_error answers 500 by default, or the given status, `times` times", async () => {
    const sim = await start({ faults: [{ kind: "server_error", times: 2 }] });
    sim.injectFault({ kind: "server_error", status: 503 });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await get(sim, "/organization/projects")).status);
    }
    expect(statuses).toEqual([500, 500, 503, 200]);
    expect(sim.requests.map((request) => request.status)).toEqual(statuses);
  });

  it("server_error carries the error body with type server_error", async () => {
    const sim = await start({ faults: [{ kind: "server_error", status: 502 }] });
    const response = await get(sim, "/organization/projects");
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
      "server_error",
    );
  });

  it("reset destroys the socket without an answer, and the request stops counting as in flight", async () => {
    const sim = await start({ faults: [{ kind: "reset" }] });
    await expect(get(sim, "/organization/certificates")).rejects.toThrow();
    expect(sim.requests.map((request) => request.status)).toEqual(["reset"]);
    sim.resetRecording();
    expect((await get(sim, "/organization/certificates")).status).toBe(200);
    expect(sim.maxInFlight).toBe(1);
  });

  it("hang never answers, and close() still finishes", async () => {
    const sim = await start({ faults: [{ kind: "hang" }] });
    const signal = AbortSignal.timeout(100);
    await expect(get(sim, "/organization/certificates", { signal })).rejects.toThrow();
    expect(sim.requests.map((request) => request.status)).toEqual(["hang"]);
    await sim.close();
  });

  it("close() destroys every hanging request, all of which were in flight together", async () => {
    let arrived = 0;
    let allArrived: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      allArrived = resolve;
    });
    const sim = await start({
      faults: [{ kind: "hang", times: 3 }],
      onRequest: () => {
        arrived += 1;
        if (arrived === 3) allArrived();
      },
    });
    const pending = [1, 2, 3].map(() =>
      get(sim, "/organization/certificates").then(
        () => "answered",
        () => "failed",
      ),
    );
    await barrier;
    expect(sim.maxInFlight).toBe(3);
    await sim.close();
    expect(await Promise.all(pending)).toEqual(["failed", "failed", "failed"]);
  });

  it("respond sends the given status and body without applying the real operation", async () => {
    const sim = await start({
      faults: [{ kind: "respond", body: { object: "list", data: "nope" } }],
    });
    const response = await deactivate(sim);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ object: "list", data: "nope" });
    expect(sim.activeInProject("proj_1")).toEqual(["cert_1"]);
    expect(sim.requests[0]?.body).toEqual({ certificate_ids: ["cert_1"] });
  });

  it("respond can send an error status", async () => {
    const sim = await start({ faults: [{ kind: "respond", status: 418, body: { weird: true } }] });
    const response = await get(sim, "/organization/projects");
    expect(response.status).toBe(418);
    expect(await response.json()).toEqual({ weird: true });
  });

  it("matches rules by method and by path substring or RegExp, first rule first", async () => {
    const sim = await start({
      faults: [
        { kind: "server_error", method: "POST", status: 501 },
        { kind: "server_error", path: /\/projects$/, status: 502 },
        { kind: "server_error", path: "/certificates", status: 503, times: 2 },
        { kind: "server_error", path: CERTS, status: 504 },
      ],
    });
    const statuses = [
      (await get(sim, "/organization/projects/proj_1/certificates")).status,
      (await get(sim, "/organization/projects")).status,
      (await get(sim, "/organization/projects")).status,
      (await get(sim, "/organization/certificates")).status,
      (await deactivate(sim)).status,
      (await deactivate(sim)).status,
    ];
    expect(statuses).toEqual([503, 502, 200, 503, 501, 200]);
    expect(sim.activeInProject("proj_1")).toEqual([]);
    expect((await get(sim, "/organization/certificates")).status).toBe(504);
  });

  it("applies before authentication, whatever key is sent", async () => {
    const sim = await start({ faults: [{ kind: "rate_limit" }] });
    const response = await fetch(`${sim.url}/organization/projects`);
    expect(response.status).toBe(429);
    expect(sim.requests[0]).toMatchObject({ status: 429, authorized: false });
  });

  it("delays fault answers by latencyMs too", async () => {
    const sim = await start({ latencyMs: 120, faults: [{ kind: "rate_limit" }] });
    const started = performance.now();
    expect((await get(sim, "/organization/projects")).status).toBe(429);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});
