// The environment the sweep accepts, and the Config it becomes: one slice per concern, which each
// layer takes whole. Defaults are documented in docs/configuration.md (a test holds the table to this schema).
import * as v from "valibot";
import {
  adminKey,
  baseUrl,
  bool,
  dayList,
  days,
  oneOf,
  periodHours,
  projectIds,
  secretId,
  topicArn,
  weekday,
  wholeNumber,
} from "./values.js";

/** Each variable on its own. A blank value counts as unset (parseConfig sees to that). */
export const VariablesSchema = v.object({
  OPENAI_ADMIN_KEY_SECRET_ID: v.optional(secretId),
  OPENAI_ADMIN_KEY: v.optional(adminKey),
  OPENAI_BASE_URL: v.optional(baseUrl, "https://api.openai.com/v1"),
  SNS_TOPIC_ARN: v.optional(topicArn),
  DEACTIVATE_WITHIN_DAYS: v.optional(days, "1"),
  WARN_WITHIN_DAYS: v.optional(days, "14"),
  DRY_RUN: v.optional(bool(), "false"),
  MAX_DEACTIVATIONS_PER_RUN: v.optional(wholeNumber(1, 10_000), "20"),
  CONCURRENCY: v.optional(wholeNumber(1, 20), "8"),
  NOTIFY_ON: v.optional(oneOf(["always", "changes"], "must be always or changes"), "changes"),
  INCLUDE_PROJECTS: v.optional(projectIds),
  EXCLUDE_PROJECTS: v.optional(projectIds),
  INCLUDE_ARCHIVED_PROJECTS: v.optional(bool(), "false"),
  WARN_TIERS_DAYS: v.optional(dayList),
  SCHEDULE_PERIOD_HOURS: v.optional(periodHours, "24"),
  DIGEST_WEEKDAY: v.optional(weekday),
  DEACTIVATE_ORGANIZATION_CERTIFICATES: v.optional(bool(), "false"),
  PROTECT_LAST_VALID_CERTIFICATE: v.optional(bool(), "true"),
  ACTIVATE_REPLACEMENTS: v.optional(bool(), "false"),
});

export type Variables = v.InferOutput<typeof VariablesSchema>;

/** The variable names the sweep reads; anything else in the environment is ignored. */
export const CONFIG_VARIABLES = Object.keys(VariablesSchema.entries) as readonly string[];

// The tiers used when WARN_TIERS_DAYS is not set: the edge of the warning window, a week and three
// days before expiry, as far as they lie between the deactivation window and the warning window.
const DEFAULT_TIERS_DAYS = [7, 3];

function defaultTiers(deactivateWithinDays: number, warnWithinDays: number): number[] {
  return [...new Set([warnWithinDays, ...DEFAULT_TIERS_DAYS])]
    .filter((tier) => tier > deactivateWithinDays && tier <= warnWithinDays)
    .sort((a, b) => b - a);
}

export type AdminKeySource =
  | { source: "secret"; secretId: string }
  | { source: "env"; key: string };

function adminKeySource(c: Variables): AdminKeySource {
  if (c.OPENAI_ADMIN_KEY_SECRET_ID !== undefined)
    return { source: "secret", secretId: c.OPENAI_ADMIN_KEY_SECRET_ID };
  return { source: "env", key: c.OPENAI_ADMIN_KEY ?? "" }; // parseConfig ensures exactly one is set
}

/** The validated variables as slices. Assumes the checks across variables hold (parseConfig). */
export function toConfig(c: Variables) {
  return {
    /** Which organization, with which key, and how hard to press its Admin API. */
    organization: {
      adminKey: adminKeySource(c),
      baseUrl: c.OPENAI_BASE_URL,
      concurrency: c.CONCURRENCY,
    },
    /** When a certificate is due for deactivation, and when for a warning. */
    policy: { deactivateWithinDays: c.DEACTIVATE_WITHIN_DAYS, warnWithinDays: c.WARN_WITHIN_DAYS },
    /** What the run may change. */
    enforcement: {
      dryRun: c.DRY_RUN,
      maxDeactivationsPerRun: c.MAX_DEACTIVATIONS_PER_RUN,
      deactivateOrganization: c.DEACTIVATE_ORGANIZATION_CERTIFICATES,
      protectLastValid: c.PROTECT_LAST_VALID_CERTIFICATE,
      activateReplacements: c.ACTIVATE_REPLACEMENTS,
    },
    /** Which projects are swept. */
    filter: {
      include: c.INCLUDE_PROJECTS ?? [],
      exclude: c.EXCLUDE_PROJECTS ?? [],
      includeArchived: c.INCLUDE_ARCHIVED_PROJECTS,
    },
    /** When warnings are announced. */
    notice: {
      tiersDays: c.WARN_TIERS_DAYS ?? defaultTiers(c.DEACTIVATE_WITHIN_DAYS, c.WARN_WITHIN_DAYS),
      periodHours: c.SCHEDULE_PERIOD_HOURS,
      /** 0 (Sunday) to 6 (Saturday), in UTC; undefined when there is no weekly digest. */
      digestWeekday: c.DIGEST_WEEKDAY,
    },
    /** Where the report goes, and when. */
    delivery: { snsTopicArn: c.SNS_TOPIC_ARN, notifyOn: c.NOTIFY_ON },
  };
}

export type Config = ReturnType<typeof toConfig>;
