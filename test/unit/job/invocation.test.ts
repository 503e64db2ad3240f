import { describe, expect, it } from "vitest";
import { InvocationError } from "../../../lib/errors.js";
import { parseInvocation } from "../../../lib/job/invocation.js";

const runIdOf = (event: unknown, requestId: string) => parseInvocation(event, requestId).runId;

const REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e812345678";
const FALLBACK = `manual-${REQUEST_ID}`;

/** An EventBridge scheduled event as Lambda receives it. */
const scheduled = (id: unknown) => ({
  version: "0",
  id,
  "detail-type": "Scheduled Event",
  source: "aws.events",
  account: "123456789012",
  time: "2025-03-01T06:00:00Z",
  region: "eu-west-1",
  resources: ["arn:aws:events:eu-west-1:123456789012:rule/cert-sweeper-daily"],
  detail: {},
});

describe("parseInvocation: the run id", () => {
  it("uses a scheduled event's id, so that a redelivered event keeps its run id", () => {
    const id = "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa";
    expect(runIdOf(scheduled(id), REQUEST_ID)).toBe(id);
    expect(runIdOf(scheduled(id), "another-request")).toBe(id);
  });

  it("accepts an id of exactly 128 allowed characters", () => {
    const id = `a.b_c:d-${"x".repeat(120)}`;
    expect(runIdOf({ id }, REQUEST_ID)).toBe(id);
  });

  it.each([
    ["no id", {}],
    ["an empty id", { id: "" }],
    ["a numeric id", { id: 42 }],
    ["a null id", { id: null }],
    ["an object id", { id: { value: "x" } }],
    ["an id of 129 characters", { id: "x".repeat(129) }],
    ["an id with a space", { id: "run 1" }],
    ["an id with a newline", { id: "run-1\nFORGED: all clear" }],
    ["an id with a slash", { id: "run/1" }],
  ])("falls back to the request id for an event with %s", (_case, event) => {
    expect(runIdOf(event, REQUEST_ID)).toBe(FALLBACK);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
  ])("falls back to the request id for an event that is %s", (_case, event) => {
    expect(runIdOf(event, REQUEST_ID)).toBe(FALLBACK);
  });
});

describe("parseInvocation: a manual dry run", () => {
  it("turns a dry run on for a payload with dry_run: true", () => {
    expect(parseInvocation({ dry_run: true }, REQUEST_ID)).toEqual({
      runId: FALLBACK,
      forceDryRun: true,
    });
  });

  it("keeps the dry run even when the payload's id is unusable", () => {
    expect(parseInvocation({ id: "not a valid id", dry_run: true }, REQUEST_ID).forceDryRun).toBe(
      true,
    );
  });

  it.each([
    ["dry_run: false", { dry_run: false }],
    ["a scheduled event", { id: "evt-1", source: "aws.scheduler" }],
    ["no payload", undefined],
    ["a null payload", null],
  ])("does not force a dry run for %s", (_label, event) => {
    expect(parseInvocation(event, REQUEST_ID).forceDryRun).toBe(false);
  });
});

describe("parseInvocation: a payload of an unexpected shape", () => {
  it.each([
    [
      'dry_run: "true" (a string)',
      { dry_run: "true" },
      'dry_run must be true or false, not string "true"',
    ],
    ["dry_run: 1", { dry_run: 1 }, "dry_run must be true or false, not number 1"],
    ["an array", [{ dry_run: true }], "must be a JSON object"],
    ["a string", "run please", 'not string "run please"'],
    ["a number", 42, "not number 42"],
  ])("is refused with a clear error for %s, so that nothing runs", (_label, event, message) => {
    expect(() => parseInvocation(event, REQUEST_ID)).toThrow(InvocationError);
    expect(() => parseInvocation(event, REQUEST_ID)).toThrow(message);
  });
});

describe("parseInvocation: the scheduled instant (the warning tiers' slot)", () => {
  const slot = Date.parse("2025-03-01T06:00:00Z") / 1000;

  it("takes an EventBridge event's time", () => {
    expect(parseInvocation(scheduled("53dc4d37"), REQUEST_ID).scheduledAt).toBe(slot);
  });

  it("takes EventBridge Scheduler's id, which is its scheduled time", () => {
    const payload = { id: "2025-03-01T06:00:00Z", source: "aws.scheduler" };
    expect(parseInvocation(payload, REQUEST_ID)).toEqual({
      runId: "2025-03-01T06:00:00Z",
      forceDryRun: false,
      scheduledAt: slot,
    });
  });

  it.each([
    ["no time at all", {}],
    ["an id that is not an instant", { id: "53dc4d37" }],
    ["a time without a zone", { time: "2025-03-01T06:00:00" }],
    ["a time that is not a string", { time: 1_740_808_800 }],
    ["an impossible date", { time: "2025-02-30T06:00:00Z" }],
  ])("is unknown for %s, so the run's own start counts", (_, payload) => {
    expect(parseInvocation(payload, REQUEST_ID).scheduledAt).toBeUndefined();
  });
});
