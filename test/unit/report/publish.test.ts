import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { PublishError } from "../../../lib/errors.js";
import { publishAll, shouldPublish } from "../../../lib/report/publish.js";
import { OUTCOMES } from "../../../lib/report/schema.js";

import { OUTCOME_REPORTS, SCENARIOS, TOPIC } from "../../support/report-fixtures.js";

describe("shouldPublish", () => {
  it.each(OUTCOMES)("publishes a %s run when NOTIFY_ON is always", (outcome) => {
    expect(shouldPublish(OUTCOME_REPORTS[outcome](), "always")).toBe(true);
  });

  it.each(OUTCOMES.filter((o) => o !== "nothing_to_do"))(
    "publishes a %s run when NOTIFY_ON is changes",
    (outcome) => {
      expect(shouldPublish(OUTCOME_REPORTS[outcome](), "changes")).toBe(true);
    },
  );

  it("stays quiet about a nothing_to_do run when NOTIFY_ON is changes", () => {
    expect(shouldPublish(OUTCOME_REPORTS.nothing_to_do(), "changes")).toBe(false);
  });
  it("stays quiet about warnings announced in earlier runs when NOTIFY_ON is changes", () => {
    expect(shouldPublish(SCENARIOS.oldWarning(), "changes")).toBe(false);
    expect(shouldPublish(SCENARIOS.oldWarning(), "always")).toBe(true);
  });

  it.each([
    ["a newly crossed warning tier", SCENARIOS.announcedWarning],
    ["the weekly digest", SCENARIOS.digest],
    [
      "an expiring certificate left active at the organization level",
      SCENARIOS.organizationLeftActive,
    ],
  ])("publishes %s when NOTIFY_ON is changes", (_, make) => {
    expect(shouldPublish(make(), "changes")).toBe(true);
  });
});

describe("publishAll", () => {
  const inputs = (n: number): PublishCommandInput[] =>
    Array.from({ length: n }, (_, i) => ({ TopicArn: TOPIC, Message: `part ${i + 1}` }));

  it("sends every part in order", async () => {
    const sent: (string | undefined)[] = [];
    await publishAll(inputs(3), async (input) => {
      sent.push(input.Message);
    });
    expect(sent).toEqual(["part 1", "part 2", "part 3"]);
  });

  it("stops at a failed part and throws a PublishError naming it, without key material", async () => {
    const sent: (string | undefined)[] = [];
    const failure = Object.assign(new Error("denied for Bearer sk-admin-leaked-123456"), {
      name: "AuthorizationErrorException",
    });
    const error = await publishAll(inputs(3), async (input) => {
      if (input.Message === "part 2") throw failure;
      sent.push(input.Message);
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PublishError);
    const message = (error as PublishError).message;
    expect(message).toContain("part 2 of 3");
    expect(message).toContain("AuthorizationErrorException");
    expect(message).not.toContain("sk-admin-leaked");
    expect(sent).toEqual(["part 1"]);
    // One part had gone out before the failure: the run's summary counts it.
    expect((error as PublishError).sent).toBe(1);
    expect((error as PublishError).cause).toBe(failure);
  });

  it("does nothing for no parts", async () => {
    let calls = 0;
    await publishAll([], async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});
