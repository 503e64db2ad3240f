import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../lib/config/index.js";
import { InvocationError } from "../../../lib/errors.js";
import { runInvocation, type Wired } from "../../../lib/job/invocation-run.js";

function recorder() {
  const lines: { message: string; attributes: Record<string, unknown> }[] = [];
  const tags: string[] = [];
  const logger = {
    info: () => {},
    error: (message: string, attributes: Record<string, unknown>) => {
      lines.push({ message, attributes });
    },
  };
  return { lines, tags, logger, tagRun: (id: string) => tags.push(id) };
}

const lambda = { requestId: "req-1", remainingTimeMs: () => 60_000 };
const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );

describe("runInvocation", () => {
  it("refuses a bad payload before building anything, logging it under the request's run id", async () => {
    const { lines, tags, logger, tagRun } = recorder();
    let wired = 0;
    const wire = (): Wired => {
      wired += 1;
      throw new Error("not to be called");
    };
    const error = await failure(runInvocation("go", lambda, wire, logger, tagRun));

    expect(error).toBeInstanceOf(InvocationError);
    expect(wired).toBe(0);
    expect(tags).toEqual(["manual-req-1"]);
    expect(lines).toEqual([
      {
        message: "sweep finished",
        attributes: {
          summary: { run_id: "manual-req-1", outcome: "failed" },
          error: expect.stringMatching(/^InvocationError: /),
        },
      },
    ]);
  });

  it("fails an invocation whose configuration is refused under the scheduled event's run id", async () => {
    const { lines, tags, logger, tagRun } = recorder();
    const refused = new ConfigError([{ variable: "CONCURRENCY", accepted: "must be 1 to 20" }]);
    const wire = (): Wired => {
      throw refused;
    };
    const error = await failure(
      runInvocation({ id: "2026-12-01T06:00:00Z" }, lambda, wire, logger, tagRun),
    );

    expect(error).toBe(refused);
    expect(tags).toEqual(["manual-req-1", "2026-12-01T06:00:00Z"]);
    expect(lines[0]?.attributes).toEqual({
      summary: { run_id: "2026-12-01T06:00:00Z", outcome: "failed" },
      error: "ConfigError: Invalid configuration: CONCURRENCY must be 1 to 20",
    });
  });
});
