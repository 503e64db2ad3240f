import { describe, expect, it } from "vitest";
import { planTimeBudget } from "../../../lib/sweep/time-budget.js";

const NOW = 1_700_000_000_000;

describe("planTimeBudget", () => {
  it("with 5 minutes left keeps 15 s to publish and 30 s for started projects", () => {
    expect(planTimeBudget(NOW, 300_000)).toEqual({
      abortAt: NOW + 285_000,
      stopStartingAt: NOW + 255_000,
    });
  });

  it("with 1 minute left keeps 10% to publish and 20% for started projects", () => {
    expect(planTimeBudget(NOW, 60_000)).toEqual({
      abortAt: NOW + 54_000,
      stopStartingAt: NOW + 42_000,
    });
  });

  it("with 15 minutes left caps the reserves at 15 s and 30 s", () => {
    expect(planTimeBudget(NOW, 900_000)).toEqual({
      abortAt: NOW + 885_000,
      stopStartingAt: NOW + 855_000,
    });
  });

  it("with 10 seconds left still keeps at least 2 s for each reserve", () => {
    expect(planTimeBudget(NOW, 10_000)).toEqual({
      abortAt: NOW + 8_000,
      stopStartingAt: NOW + 6_000,
    });
  });

  it("with only a few seconds left starts no project at all", () => {
    const budget = planTimeBudget(NOW, 3_000);
    expect(budget.stopStartingAt).toBeLessThanOrEqual(NOW);
  });

  it("always orders stopStartingAt < abortAt < now + remaining, even for tiny budgets", () => {
    for (const remaining of [
      0, 1, 500, 1_000, 2_000, 3_999, 4_000, 10_000, 19_999, 150_000, 300_000, 900_000,
    ]) {
      const { stopStartingAt, abortAt } = planTimeBudget(NOW, remaining);
      expect(stopStartingAt, `remaining=${remaining}`).toBeLessThan(abortAt);
      expect(abortAt, `remaining=${remaining}`).toBeLessThan(NOW + remaining);
    }
  });
});
