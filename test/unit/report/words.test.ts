import { describe, expect, it } from "vitest";
import { heldBackAction } from "../../../lib/report/words.js";

describe("heldBackAction", () => {
  it("says why a certificate was held back, and the validity it has left", () => {
    expect(heldBackAction({ hours_left: 12, reason: "last_valid" })).toBe(
      "held back, the last valid one (12 hours left)",
    );
    expect(heldBackAction({ hours_left: 0, reason: "activation_failed" })).toBe(
      "held back, its replacement was not activated (under an hour left)",
    );
  });
});
