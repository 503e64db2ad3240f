// Whether the six fields of an EventBridge Scheduler cron() are ones Scheduler takes, so that a
// bad expression is refused when packaging rather than by Scheduler half-way through a deployment.
// Fields, ranges and wildcards: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based

const MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const WEEKDAYS = "SUN|MON|TUE|WED|THU|FRI|SAT";

interface Field {
  min: number;
  max: number;
  /** The field's names for its values, as an alternation (JAN|FEB|…), if it has any. */
  names?: string;
  /** What else one item of the field may be: L, W, # and their forms. */
  special?: RegExp;
}

const FIELDS: readonly Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31, special: /^(L|LW|L-[0-9]{1,2}|[0-9]{1,2}W)$/ },
  { min: 1, max: 12, names: MONTHS },
  { min: 1, max: 7, names: WEEKDAYS, special: new RegExp(`^([1-7]|${WEEKDAYS})(L|#[1-5])$|^L$`) },
  { min: 1970, max: 2199 },
];

/** One value of `field`: a number in its range, or one of its names. */
function isValue(value: string, field: Field): boolean {
  if (/^[0-9]+$/.test(value)) return Number(value) >= field.min && Number(value) <= field.max;
  return field.names !== undefined && new RegExp(`^(${field.names})$`).test(value);
}

/** One comma-separated item: *, a value, a range, either with an /increment, or a special form. */
function isItem(item: string, field: Field): boolean {
  if (field.special?.test(item)) return true;
  const [base = "", increment, extra] = item.split("/");
  if (extra !== undefined) return false;
  if (increment !== undefined) {
    const step = Number(increment);
    if (!/^[0-9]+$/.test(increment) || step < 1 || step > field.max) return false;
  }
  if (base === "*") return true;
  const [from = "", to, more] = base.split("-");
  if (more !== undefined) return false;
  return isValue(from, field) && (to === undefined || isValue(to, field));
}

/**
 * Whether `fields` (a cron()'s six, minutes to year) are ones Scheduler takes: each item in its
 * field's range, and "?" in exactly one of day-of-month and day-of-week.
 */
export function isSchedulerCron(fields: readonly string[]): boolean {
  if (fields.length !== FIELDS.length) return false;
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) return false;
  return fields.every((value, i) => {
    const field = FIELDS[i];
    if (field === undefined) return false;
    if (value === "?") return i === 2 || i === 4;
    return value.split(",").every((item) => isItem(item.toUpperCase(), field));
  });
}
