import * as v from "valibot";
import { ConfigError } from "./errors.js";
import { redact } from "./redact.js";

// Every variable is a string in the environment. A blank value counts as unset, because deployment
// tools commonly render an unset parameter as "".
const text = (pattern: RegExp, form: string) => v.pipe(v.string(), v.regex(pattern, form));

const bool = (form: string) =>
  v.pipe(
    text(/^(true|false)$/i, form),
    v.transform((s) => s.toLowerCase() === "true"),
  );

const wholeNumber = (min: number, max: number) =>
  v.pipe(
    text(/^\d+$/, `must be a whole number from ${min} to ${max}`),
    v.transform(Number),
    v.minValue(min, `must be a whole number from ${min} to ${max}`),
    v.maxValue(max, `must be a whole number from ${min} to ${max}`),
  );

const days = v.pipe(
  text(/^\d+(\.\d+)?$/, "must be a number of days from 0 to 3650, such as 1 or 0.5"),
  v.transform(Number),
  v.maxValue(3650, "must be a number of days from 0 to 3650, such as 1 or 0.5"),
);

const projectIds = v.pipe(
  text(
    /^\s*proj_[A-Za-z0-9_-]+\s*(,\s*proj_[A-Za-z0-9_-]+\s*)*,?\s*$/,
    "must be comma-separated project ids such as proj_abc123,proj_def456",
  ),
  v.transform((s) => [
    ...new Set(
      s
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ]),
);

const dayList = v.pipe(
  text(
    /^\s*\d+(\.\d+)?\s*(,\s*\d+(\.\d+)?\s*)*,?\s*$/,
    "must be comma-separated numbers of days, such as 30,7,3",
  ),
  v.transform((s) =>
    [
      ...new Set(
        s
          .split(",")
          .map((d) => d.trim())
          .filter(Boolean)
          .map(Number),
      ),
    ].sort((a, b) => b - a),
  ),
);

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

// The tiers used when WARN_TIERS_DAYS is not set: the edge of the warning window, a week and three
// days before expiry, as far as they lie between the deactivation window and the warning window.
const DEFAULT_TIERS_DAYS = [7, 3];

const isLoopback = (host: string) =>
  host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);

const BASE_URL_FORM =
  "must be an https URL such as https://api.openai.com/v1 (plain http only for localhost)";
const baseUrl = v.pipe(
  v.string(),
  v.check((s) => {
    // valibot runs every check of a pipe, so this one must not assume the string parses.
    if (!URL.canParse(s)) return false;
    const url = new URL(s);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
  }, BASE_URL_FORM),
  // The normalized form ("https:/x" means "https://x/"), without the trailing slash the SDK adds itself.
  v.transform((s) => new URL(s).href.replace(/\/+$/, "")),
);

// Not "sk-...": an admin key pasted into the wrong variable must not be sent to AWS as a name.
const SECRET_ID =
  /^(?!sk-)(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+|[A-Za-z0-9/_+=.@-]{1,512})$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** The environment, as the sweep accepts it. Defaults are documented in the README's table. */
const ConfigSchema = v.pipe(
  v.object({
    OPENAI_ADMIN_KEY_SECRET_ID: v.optional(
      text(SECRET_ID, "must be a Secrets Manager secret name or ARN"),
    ),
    OPENAI_ADMIN_KEY: v.optional(
      text(/^\S{8,}$/, "must be an OpenAI admin key (no spaces, at least 8 characters)"),
    ),
    OPENAI_BASE_URL: v.optional(baseUrl, "https://api.openai.com/v1"),
    SNS_TOPIC_ARN: v.optional(
      text(
        TOPIC_ARN,
        "must be a standard SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:cert-sweeper",
      ),
    ),
    DEACTIVATE_WITHIN_DAYS: v.optional(days, "1"),
    WARN_WITHIN_DAYS: v.optional(days, "14"),
    DRY_RUN: v.optional(bool("must be true or false"), "false"),
    MAX_DEACTIVATIONS_PER_RUN: v.optional(wholeNumber(1, 10_000), "20"),
    CONCURRENCY: v.optional(wholeNumber(1, 20), "8"),
    NOTIFY_ON: v.optional(
      v.pipe(
        v.string(),
        v.toLowerCase(),
        v.picklist(["always", "changes"], "must be always or changes"),
      ),
      "changes",
    ),
    INCLUDE_PROJECTS: v.optional(projectIds),
    EXCLUDE_PROJECTS: v.optional(projectIds),
    INCLUDE_ARCHIVED_PROJECTS: v.optional(bool("must be true or false"), "false"),
    WARN_TIERS_DAYS: v.optional(dayList),
    SCHEDULE_PERIOD_HOURS: v.optional(
      v.pipe(
        text(/^\d+(\.\d+)?$/, "must be the hours between scheduled runs, from 0.25 to 168"),
        v.transform(Number),
        v.minValue(0.25, "must be the hours between scheduled runs, from 0.25 to 168"),
        v.maxValue(168, "must be the hours between scheduled runs, from 0.25 to 168"),
      ),
      "24",
    ),
    DIGEST_WEEKDAY: v.optional(
      v.pipe(
        v.string(),
        v.toLowerCase(),
        v.picklist(WEEKDAYS, "must be a day of the week such as monday"),
        v.transform((day) => WEEKDAYS.indexOf(day)),
      ),
    ),
    DEACTIVATE_ORGANIZATION_CERTIFICATES: v.optional(bool("must be true or false"), "false"),
  }),
  v.check(
    (c) => (c.OPENAI_ADMIN_KEY_SECRET_ID === undefined) !== (c.OPENAI_ADMIN_KEY === undefined),
    "set exactly one of OPENAI_ADMIN_KEY_SECRET_ID (deployed) or OPENAI_ADMIN_KEY (local runs)",
  ),
  v.check(
    (c) => c.WARN_WITHIN_DAYS >= c.DEACTIVATE_WITHIN_DAYS,
    "WARN_WITHIN_DAYS must be at least DEACTIVATE_WITHIN_DAYS",
  ),
  v.check(
    (c) => !c.INCLUDE_PROJECTS?.some((id) => c.EXCLUDE_PROJECTS?.includes(id)),
    "a project cannot be in both INCLUDE_PROJECTS and EXCLUDE_PROJECTS",
  ),
  v.check(
    (c) =>
      !c.WARN_TIERS_DAYS?.some(
        (tier) => tier <= c.DEACTIVATE_WITHIN_DAYS || tier > c.WARN_WITHIN_DAYS,
      ),
    "each of WARN_TIERS_DAYS must be more than DEACTIVATE_WITHIN_DAYS and at most WARN_WITHIN_DAYS",
  ),
  v.transform((c) => ({
    adminKey: adminKeySource(c.OPENAI_ADMIN_KEY_SECRET_ID, c.OPENAI_ADMIN_KEY),
    openaiBaseUrl: c.OPENAI_BASE_URL,
    snsTopicArn: c.SNS_TOPIC_ARN,
    deactivateWithinDays: c.DEACTIVATE_WITHIN_DAYS,
    warnWithinDays: c.WARN_WITHIN_DAYS,
    dryRun: c.DRY_RUN,
    maxDeactivationsPerRun: c.MAX_DEACTIVATIONS_PER_RUN,
    concurrency: c.CONCURRENCY,
    notifyOn: c.NOTIFY_ON,
    includeProjects: c.INCLUDE_PROJECTS ?? [],
    excludeProjects: c.EXCLUDE_PROJECTS ?? [],
    includeArchivedProjects: c.INCLUDE_ARCHIVED_PROJECTS,
    warnTiersDays: c.WARN_TIERS_DAYS ?? defaultTiers(c.DEACTIVATE_WITHIN_DAYS, c.WARN_WITHIN_DAYS),
    schedulePeriodHours: c.SCHEDULE_PERIOD_HOURS,
    /** 0 (Sunday) to 6 (Saturday), in UTC; undefined when there is no weekly digest. */
    digestWeekday: c.DIGEST_WEEKDAY,
    deactivateOrganizationCertificates: c.DEACTIVATE_ORGANIZATION_CERTIFICATES,
  })),
);

export type Config = v.InferOutput<typeof ConfigSchema>;

/** The default warning tiers: the window's edge, then 7 and 3 days, inside the warning window. */
function defaultTiers(deactivateWithinDays: number, warnWithinDays: number): number[] {
  return [...new Set([warnWithinDays, ...DEFAULT_TIERS_DAYS])]
    .filter((tier) => tier > deactivateWithinDays && tier <= warnWithinDays)
    .sort((a, b) => b - a);
}

type AdminKeySource = { source: "secret"; secretId: string } | { source: "env"; key: string };

function adminKeySource(secretId: string | undefined, key: string | undefined): AdminKeySource {
  if (secretId !== undefined) return { source: "secret", secretId };
  if (key !== undefined) return { source: "env", key };
  throw new ConfigError("set OPENAI_ADMIN_KEY_SECRET_ID or OPENAI_ADMIN_KEY"); // the check above ensures one
}

/**
 * The deployed function's stricter rules: a report that reaches no one, or a key in a plain
 * environment variable, is a deployment mistake there (both are fine for `npm start`).
 */
const DeployedConfigSchema = v.pipe(
  ConfigSchema,
  v.check(
    (c) => c.snsTopicArn !== undefined,
    "SNS_TOPIC_ARN must be set for the deployed function, or its reports reach no one",
  ),
  v.check(
    (c) => c.adminKey.source === "secret",
    "the deployed function reads the key from OPENAI_ADMIN_KEY_SECRET_ID; OPENAI_ADMIN_KEY is for local runs only",
  ),
);

/** The variable names the sweep reads; anything else in the environment is ignored. */
export const CONFIG_VARIABLES = Object.keys(ConfigSchema.pipe[0].entries) as readonly string[];

/**
 * Reads and validates the configuration; throws a ConfigError naming each bad variable.
 * `deployed` applies the Lambda's stricter rules (DeployedConfigSchema).
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: { deployed?: boolean } = {},
): Config {
  const input: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name]?.trim();
    input[name] = value === undefined || value === "" ? undefined : value;
  }
  const result = v.safeParse(options.deployed ? DeployedConfigSchema : ConfigSchema, input);
  if (result.success) return result.output;
  // A variable's own problem makes the cross-variable checks meaningless: report only the former.
  const named = result.issues.filter((issue) => v.getDotPath(issue) !== null);
  const problems = (named.length > 0 ? named : result.issues).map((issue) => {
    const name = v.getDotPath(issue);
    if (!name) return issue.message;
    // Echo the value as it was set, to help fix a typo, but never the key itself, nor anything
    // shaped like a key that landed in the wrong variable.
    const shown =
      name === "OPENAI_ADMIN_KEY" ? "" : ` (got ${redact(JSON.stringify(input[name]))})`;
    return `${name} ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}
