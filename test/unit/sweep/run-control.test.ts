import { describe, expect, it } from "vitest";
import { createRunControl, STOP_REASON_TEXT } from "../../../lib/sweep/run-control.js";

const STOP_STARTING_AT = 1_000_000;
const ABORT_AT = 1_020_000;

class FatalError extends Error {}

function control() {
  const clock = { now: 0 };
  const run = createRunControl(
    { stopStartingAt: STOP_STARTING_AT, abortAt: ABORT_AT },
    () => clock.now,
    (error) => error instanceof FatalError,
  );
  return { run, clock };
}

describe("createRunControl", () => {
  it("lets scans and deactivations start before stopStartingAt", () => {
    const { run, clock } = control();
    clock.now = STOP_STARTING_AT - 1;
    expect(run.stopScanning()).toBeUndefined();
    expect(run.stopActing()).toBeUndefined();
    expect(run.fatalError()).toBeUndefined();
  });

  it("stops new scans from stopStartingAt, but lets scanned projects act until abortAt", () => {
    const { run, clock } = control();
    clock.now = STOP_STARTING_AT;
    expect(run.stopScanning()).toBe("time_budget");
    expect(run.stopActing()).toBeUndefined();
    clock.now = ABORT_AT - 1;
    expect(run.stopActing()).toBeUndefined();
    clock.now = ABORT_AT;
    expect(run.stopActing()).toBe("time_budget");
  });

  it("goes on after an error that is not fatal", () => {
    const { run } = control();
    run.noteError(new Error("500 server error"));
    expect(run.stopScanning()).toBeUndefined();
    expect(run.stopActing()).toBeUndefined();
    expect(run.fatalError()).toBeUndefined();
  });

  it("stops both scanning and acting after a fatal error, even with time left", () => {
    const { run } = control();
    const fatal = new FatalError("401 invalid key");
    run.noteError(fatal);
    expect(run.stopScanning()).toBe("run_aborted");
    expect(run.stopActing()).toBe("run_aborted");
    expect(run.fatalError()).toEqual({ error: fatal });
  });

  it("reports the abort rather than the time budget when both apply", () => {
    const { run, clock } = control();
    clock.now = ABORT_AT + 1;
    run.noteError(new FatalError("403"));
    expect(run.stopScanning()).toBe("run_aborted");
    expect(run.stopActing()).toBe("run_aborted");
  });

  it("keeps the first fatal error", () => {
    const { run } = control();
    const first = new FatalError("first");
    run.noteError(first);
    run.noteError(new FatalError("second"));
    run.noteError(new Error("not fatal"));
    expect(run.fatalError()?.error).toBe(first);
  });

  it("describes each stop reason for the report", () => {
    expect(STOP_REASON_TEXT.time_budget).toContain("time budget");
    expect(STOP_REASON_TEXT.run_aborted).toContain("rejected the key");
  });
});
