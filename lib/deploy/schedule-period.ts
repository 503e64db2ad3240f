// The hours between two runs of an EventBridge Scheduler expression, read from the expression, for
// the expressions that run at one fixed interval. Anything else (a weekday-only or monthly cron,
// lists and ranges, a one-time at()) is left to the schedulePeriodHours param.
// Rate expressions: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#rate-based
// Cron fields and wildcards: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based

const HOURS_PER_UNIT: Record<string, number> = { minute: 1 / 60, hour: 1, day: 24 };

/**
 * The hours between two runs of `expression`, or undefined when it does not run at one fixed
 * interval this function can read. Cron times are in the schedule's time zone: where that zone
 * observes daylight saving time, a daily run is 23 or 25 hours after the previous one twice a year.
 */
export function periodOfSchedule(expression: string): number | undefined {
  const rate = /^rate\(([1-9][0-9]*) (minute|hour|day)s?\)$/.exec(expression);
  if (rate) return Number(rate[1]) * (HOURS_PER_UNIT[rate[2] ?? ""] ?? Number.NaN);
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  if (!cron) return undefined;
  const [, minutes = "", hours = "", dayOfMonth, month, dayOfWeek, year] = cron;
  // Every day of every month and year: "*" in one day field and "?" in the other.
  const everyDay =
    month === "*" &&
    year === "*" &&
    ((dayOfMonth === "*" && dayOfWeek === "?") || (dayOfMonth === "?" && dayOfWeek === "*"));
  if (!everyDay) return undefined;
  if (isValue(minutes, 59)) {
    if (isValue(hours, 23)) return 24;
    if (hours === "*") return 1;
    return evenStep(hours, 24);
  }
  const step = evenStep(minutes, 60);
  return step !== undefined && hours === "*" ? step / 60 : undefined;
}

/** One value of a field, 0 to `max`. */
const isValue = (field: string, max: number) => /^[0-9]{1,2}$/.test(field) && Number(field) <= max;

/**
 * The increment of `start/increment` (the slash wildcard: start, then every increment up to the
 * field's end) when the values it selects are evenly spaced around the clock: the increment
 * divides the field's range (24 hours, 60 minutes) and the first value comes before the second.
 * `0/6` in the hours field runs at 0, 6, 12 and 18; `8/6` at 8, 14 and 20 only, so not evenly.
 */
function evenStep(field: string, range: number): number | undefined {
  const match = /^([0-9]{1,2})\/([0-9]{1,2})$/.exec(field);
  if (!match) return undefined;
  const [start, increment] = [Number(match[1]), Number(match[2])];
  return increment > 0 && start < increment && range % increment === 0 ? increment : undefined;
}

/** Hours as the function's SCHEDULE_PERIOD_HOURS takes them: at most six decimal places. */
export const formatHours = (hours: number): string => String(Number(hours.toFixed(6)));
