import { describe, expect, it } from "vitest";
import { capCannotTrip, createCapGate } from "../../../lib/sweep/cap-gate.js";

describe("capCannotTrip", () => {
  it("is true when what was found plus the most the rest could add stays within the cap", () => {
    expect(capCannotTrip(5, 3, 5, 20)).toBe(true); // 5 + 3 × 5 = 20
    expect(capCannotTrip(6, 3, 5, 20)).toBe(false); // 21
  });

  it("is false while the project list is incomplete", () => {
    expect(capCannotTrip(0, undefined, 1, 10_000)).toBe(false);
  });

  it("is false once more than the cap was found, whatever is left", () => {
    expect(capCannotTrip(21, 0, 5, 20)).toBe(false);
  });
});

describe("createCapGate", () => {
  it("stays closed until the project list is complete", () => {
    const gate = createCapGate(1_000, 2);
    gate.settled(1);
    expect(gate.open()).toBe(false);
    gate.listed(10);
    expect(gate.open()).toBe(true); // 1 + 9 × 2 = 19
  });

  it("opens part way through a scan, once the projects left cannot add enough to trip it", () => {
    const gate = createCapGate(20, 5);
    gate.listed(10);
    expect(gate.open()).toBe(false); // up to 50
    for (let i = 0; i < 6; i++) gate.settled(0);
    expect(gate.open()).toBe(true); // 4 left × 5 = 20
    expect(gate.found).toBe(0);
  });

  it("never opens in a run whose total trips the cap", () => {
    const gate = createCapGate(20, 5);
    gate.listed(6);
    const states: boolean[] = [];
    for (const planned of [5, 5, 5, 5, 1, 0]) {
      gate.settled(planned);
      states.push(gate.open());
    }
    expect(gate.found).toBe(21);
    expect(states.every((open) => !open)).toBe(true);
  });

  it("closes for good when a project has more due certificates than the organization listed", () => {
    const gate = createCapGate(100, 1);
    gate.listed(3);
    expect(gate.open()).toBe(true);
    gate.settled(3); // the API's lists disagree
    gate.settled(0);
    gate.settled(0);
    expect(gate.open()).toBe(false);
  });
});
