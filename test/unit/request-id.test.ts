import OpenAI, { APIError } from "openai";
import { describe, expect, it } from "vitest";
import { createAdminApi } from "../../lib/openai/admin-api.js";
import { describeError } from "../../lib/openai/describe-error.js";
import type { RequestRunner } from "../../lib/openai/request.js";
import {
  requestIdFrom,
  requestIdOf,
  requestIdOrNull,
  withRequestId,
} from "../../lib/request-id.js";

const HOSTILE_IDS = [
  ["a NEL", "req_abc\u0085CRITICAL: forged"],
  ["a bidi override", "req_\u202eabc"],
  ["a line break", "req_abc\r\nx-other: 1"],
  ["a space", "req abc"],
  ["129 characters", `req_${"a".repeat(125)}`],
  ["nothing", ""],
] as const;

describe("requestIdFrom", () => {
  it.each([
    ["OpenAI's form", "req_0a6cb5d164bad90a31143cba210c7f1b"],
    ["AWS's form", "8aa4a3a1-5f6d-4ceb-a57a-18f189087234"],
    ["128 characters", `req_${"a".repeat(124)}`],
  ])("keeps %s", (_label, id) => {
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each(HOSTILE_IDS)("drops an id with %s", (_label, id) => {
    expect(requestIdFrom(id)).toBeNull();
  });
});

describe("requestIdOf", () => {
  it("reads an attached id, the openai package's requestID and AWS's $metadata, with whose it is", () => {
    expect(requestIdOf(withRequestId(new Error("x"), "req_1"))).toEqual({
      id: "req_1",
      source: "openai",
    });
    const api = APIError.generate(
      500,
      { error: { message: "boom" } },
      "boom",
      new Headers({ "x-request-id": "req_2" }),
    );
    expect(requestIdOf(api)).toEqual({ id: "req_2", source: "openai" });
    const aws = Object.assign(new Error("x"), { $metadata: { requestId: "aws-3" } });
    expect(requestIdOf(aws)).toEqual({ id: "aws-3", source: "aws" });
    expect(requestIdOf(new Error("none"))).toBeUndefined();
    expect(requestIdOrNull("not an error")).toBeNull();
  });

  it.each(HOSTILE_IDS)("ignores an id with %s, wherever it came from", (_label, id) => {
    expect(requestIdOf(withRequestId(new Error("x"), id))).toBeUndefined();
    // Headers carry Latin-1 only: what a header can hold reaches the SDK's requestID as it is.
    if (/^[\x20-\xff]*$/.test(id)) {
      const headers = new Headers({ "x-request-id": id });
      const api = APIError.generate(500, { error: { message: "boom" } }, "boom", headers);
      expect(requestIdOf(api)).toBeUndefined();
    }
    expect(describeError(withRequestId(new Error("boom"), id))).toBe("Error: boom");
  });
});

describe("a deactivation answered with a hostile x-request-id", () => {
  // A raw answer, as a proxy in the way could send it: Latin-1 header bytes, kilobytes long.
  const answer = (requestId: string) =>
    new OpenAI({
      adminAPIKey: "sk-admin-test-request-id",
      apiKey: null,
      organization: null,
      project: null,
      baseURL: "http://127.0.0.1:9/v1",
      maxRetries: 0,
      logLevel: "off",
      fetch: async () =>
        new Response(
          JSON.stringify({
            object: "organization.project.certificate.deactivation",
            data: [
              {
                object: "organization.project.certificate",
                id: "cert_1",
                name: "c",
                active: false,
                created_at: 1,
                certificate_details: { expires_at: 2 },
              },
            ],
          }),
          {
            status: 200,
            headers: { "content-type": "application/json", "x-request-id": requestId },
          },
        ),
    });
  const run: RequestRunner = (send) => send(new AbortController().signal);

  it("records no request id rather than the header's text", async () => {
    const hostile = `req_\u0085${"x".repeat(12_000)}`;
    const api = createAdminApi(answer(hostile), run);
    const answered = await api.deactivateProjectCertificates("proj_1", ["cert_1"]);
    expect(answered.data.map((c) => c.active)).toEqual([false]);
    expect(answered.requestId).toBeNull();
  });

  it("records a well-formed one", async () => {
    const api = createAdminApi(answer("req_0a6cb5d164bad90a31143cba210c7f1b"), run);
    const answered = await api.deactivateProjectCertificates("proj_1", ["cert_1"]);
    expect(answered.requestId).toBe("req_0a6cb5d164bad90a31143cba210c7f1b");
  });
});
