// How each kind of environment value is read. Every variable is a string in the environment; the
// accepted form is the message a ConfigError shows when a value does not fit.
import * as v from "valibot";

const text = (pattern: RegExp, form: string) => v.pipe(v.string(), v.regex(pattern, form));

export const bool = () =>
  v.pipe(
    text(/^(true|false)$/i, "must be true or false"),
    v.transform((s) => s.toLowerCase() === "true"),
  );

export const wholeNumber = (min: number, max: number) => {
  const form = `must be a whole number from ${min} to ${max}`;
  return v.pipe(
    text(/^\d+$/, form),
    v.transform(Number),
    v.minValue(min, form),
    v.maxValue(max, form),
  );
};

const DAYS_FORM = "must be a number of days from 0 to 3650, such as 1 or 0.5";
export const days = v.pipe(
  text(/^\d+(\.\d+)?$/, DAYS_FORM),
  v.transform(Number),
  v.maxValue(3650, DAYS_FORM),
);

const HOURS_FORM = "must be the hours between scheduled runs, from 0.25 to 168";
export const periodHours = v.pipe(
  text(/^\d+(\.\d+)?$/, HOURS_FORM),
  v.transform(Number),
  v.minValue(0.25, HOURS_FORM),
  v.maxValue(168, HOURS_FORM),
);

/** The distinct non-empty items of a comma-separated list. */
const items = (s: string) => [
  ...new Set(
    s
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  ),
];

export const projectIds = v.pipe(
  text(
    /^\s*proj_[A-Za-z0-9_-]+\s*(,\s*proj_[A-Za-z0-9_-]+\s*)*,?\s*$/,
    "must be comma-separated project ids such as proj_abc123,proj_def456",
  ),
  v.transform(items),
);

/** Distinct numbers of days, longest first. */
export const dayList = v.pipe(
  text(
    /^\s*\d+(\.\d+)?\s*(,\s*\d+(\.\d+)?\s*)*,?\s*$/,
    "must be comma-separated numbers of days, such as 30,7,3",
  ),
  v.transform((s) => [...new Set(items(s).map(Number))].sort((a, b) => b - a)),
);

/** A lower-case word from `words`, in any case. */
export const oneOf = <const T extends string>(words: readonly T[], form: string) =>
  v.pipe(v.string(), v.toLowerCase(), v.picklist(words, form));

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** A day of the week, as 0 (Sunday) to 6 (Saturday). */
export const weekday = v.pipe(
  oneOf(WEEKDAYS, "must be a day of the week such as monday"),
  v.transform((day) => WEEKDAYS.indexOf(day)),
);

const isLoopback = (host: string) =>
  host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);

export const baseUrl = v.pipe(
  v.string(),
  v.check((s) => {
    // valibot runs every check of a pipe, so this one must not assume the string parses.
    if (!URL.canParse(s)) return false;
    const url = new URL(s);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
  }, "must be an https URL such as https://api.openai.com/v1 (plain http only for localhost)"),
  // The normalized form ("https:/x" means "https://x/"), without the trailing slash the SDK adds itself.
  v.transform((s) => new URL(s).href.replace(/\/+$/, "")),
);

// Not "sk-...": an admin key pasted into the wrong variable must not be sent to AWS as a name.
export const secretId = text(
  /^(?!sk-)(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+|[A-Za-z0-9/_+=.@-]{1,512})$/,
  "must be a Secrets Manager secret name or ARN",
);

export const adminKey = text(
  /^\S{8,}$/,
  "must be an OpenAI admin key (no spaces, at least 8 characters)",
);

export const topicArn = text(
  /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
  "must be a standard SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:cert-sweeper",
);
