import { describe, expect, it } from "vitest";
import { isSchedulerCron } from "../../../lib/deploy/cron-fields.js";

const fields = (expression: string) => expression.split(" ");

describe("isSchedulerCron", () => {
  it.each([
    "0 6 * * ? *",
    "0 6 ? * * *",
    "0 6 ? * MON-FRI *",
    "0/30 * * * ? *",
    "15 0-23/6 * * ? *",
    "0 8 1 * ? *",
    "0 8 L * ? *",
    "0 8 15W * ? *",
    "0 8 ? * 6L *",
    "0 8 ? * MON#1 2027",
    "0,30 9-17 ? jan,jul mon-fri 2026-2030",
  ])("takes %s", (expression) => {
    expect(isSchedulerCron(fields(expression))).toBe(true);
  });

  it.each([
    ["* in both day fields", "0 6 * * * *"],
    ["? in both day fields", "0 6 ? * ? *"],
    ["an hour out of range", "0 99 * * ? *"],
    ["a minute out of range", "60 6 * * ? *"],
    ["an increment beyond the field", "0/60 * * * ? *"],
    ["an increment of 0", "0 0/0 * * ? *"],
    ["a day of the month out of range", "0 6 32 * ? *"],
    ["an unknown month", "0 6 ? FOO * *"],
    ["a year out of range", "0 6 * * ? 1969"],
    ["? outside the day fields", "? 6 * * ? *"],
    ["five fields", "0 6 * * ?"],
    ["a broken range", "0 6-8-9 * * ? *"],
  ])("refuses %s (%s)", (_, expression) => {
    expect(isSchedulerCron(fields(expression))).toBe(false);
  });
});
