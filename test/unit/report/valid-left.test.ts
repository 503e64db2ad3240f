import { describe, expect, it } from "vitest";
import { validLeft } from "../../../lib/report/valid-left.js";
import type { Failure } from "../../../lib/sweep/result.js";

const NOW = 1_800_000_000;
const valid = { id: "c_valid", name: null, expires_at: NOW + 3600 };
const expired = { id: "c_expired", name: null, expires_at: NOW - 3600 };
const failedOn = (...certificates: (typeof valid)[]): Failure => ({
  stage: "deactivate",
  reason: "error",
  error: "500",
  requestId: null,
  certificates,
});

describe("validLeft: valid certificates still active once the run is done", () => {
  it("counts those the run never touches", () => {
    expect(validLeft({ validKept: 2, heldBack: [], planned: [], failures: [] }, NOW, false)).toBe(
      2,
    );
  });

  it("adds a valid one a failed deactivation left active, but not an expired one", () => {
    const holding = {
      validKept: 0,
      heldBack: [],
      planned: [],
      failures: [failedOn(valid, expired)],
    };
    expect(validLeft(holding, NOW, false)).toBe(1);
    expect(validLeft(holding, NOW, true)).toBe(1);
  });

  it("adds a planned one unless the plan counts as carried out (a dry run under the cap)", () => {
    const holding = { validKept: 0, heldBack: [], planned: [valid, expired], failures: [] };
    expect(validLeft(holding, NOW, false)).toBe(1);
    expect(validLeft(holding, NOW, true)).toBe(0);
  });

  it("adds one left active on purpose, as the organization level does with deactivation off", () => {
    const holding = {
      validKept: 0,
      heldBack: [],
      planned: [],
      failures: [],
      leftActive: [valid, expired],
    };
    expect(validLeft(holding, NOW, true)).toBe(1);
  });

  it("ignores a failed listing, which holds no certificate of its own", () => {
    const listing: Failure = { ...failedOn(), stage: "list" };
    expect(
      validLeft({ validKept: 0, heldBack: [], planned: [], failures: [listing] }, NOW, false),
    ).toBe(0);
  });
});
