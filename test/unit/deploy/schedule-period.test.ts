import { describe, expect, it } from "vitest";
import { formatHours, periodOfSchedule } from "../../../lib/deploy/index.js";

describe("periodOfSchedule", () => {
  it.each([
    ["rate(1 minute)", 1 / 60],
    ["rate(15 minutes)", 0.25],
    ["rate(90 minutes)", 1.5],
    ["rate(1 hour)", 1],
    ["rate(6 hours)", 6],
    ["rate(1 day)", 24],
    ["rate(7 days)", 168],
    ["rate(8 days)", 192],
  ])("reads a rate: %s runs every %d hours", (expression, hours) => {
    expect(periodOfSchedule(expression)).toBeCloseTo(hours, 9);
  });

  it.each([
    ["cron(0 6 * * ? *)", 24],
    ["cron(30 23 ? * * *)", 24],
    ["cron(59 0 * * ? *)", 24],
    ["cron(15 * * * ? *)", 1],
    ["cron(0 0/6 * * ? *)", 6],
    ["cron(5 3/12 * * ? *)", 12],
    ["cron(0 0/1 * * ? *)", 1],
    ["cron(0/30 * * * ? *)", 0.5],
    ["cron(10/20 * ? * * *)", 1 / 3],
  ])(
    "reads a cron that runs at one fixed interval every day: %s every %d hours",
    (expression, hours) => {
      expect(periodOfSchedule(expression)).toBeCloseTo(hours, 9);
    },
  );

  it.each([
    // Not every day.
    "cron(0 6 ? * MON-FRI *)",
    "cron(0 6 ? * 2 *)",
    "cron(0 6 1 * ? *)",
    "cron(0 6 * 1-6 ? *)",
    "cron(0 6 * * ? 2027)",
    "cron(0 6 L * ? *)",
    // Not one interval around the clock.
    "cron(0 6,18 * * ? *)",
    "cron(0 8-17 * * ? *)",
    "cron(0 8/6 * * ? *)",
    "cron(0 0/5 * * ? *)",
    "cron(0/7 * * * ? *)",
    "cron(0/30 6 * * ? *)",
    "cron(0 */6 * * ? *)",
    // Out of range fields are Scheduler's to refuse, and are not read as a time.
    "cron(60 6 * * ? *)",
    "cron(0 24 * * ? *)",
    // Runs once.
    "at(2026-12-01T06:00:00)",
    // Not an expression.
    "rate(0 hours)",
    "daily",
    "",
  ])("leaves %s to the schedulePeriodHours param", (expression) => {
    expect(periodOfSchedule(expression)).toBeUndefined();
  });
});

describe("formatHours", () => {
  it("writes whole and short values as they are, and others to six decimal places", () => {
    expect(formatHours(24)).toBe("24");
    expect(formatHours(0.25)).toBe("0.25");
    expect(formatHours(1 / 3)).toBe("0.333333");
    expect(formatHours(2 / 3)).toBe("0.666667");
  });
});
