// The settings a report states it ran under.
import type { NoticeSettings } from "../notify/notice.js";
import type { Enforcement } from "../sweep/options.js";
import type { ExpiryPolicy } from "../sweep/select.js";
import type { Report } from "./schema.js";

const WEEKDAY_NAMES = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
];

export function policyOf(facts: {
  policy: ExpiryPolicy;
  enforcement: Enforcement;
  noticeSettings: NoticeSettings;
}): Report["policy"] {
  const settings = facts.noticeSettings;
  return {
    deactivate_within_days: facts.policy.deactivateWithinDays,
    warn_within_days: facts.policy.warnWithinDays,
    max_deactivations_per_run: facts.enforcement.maxDeactivationsPerRun,
    warn_tiers_days: [...settings.tiersDays],
    schedule_period_hours: settings.periodHours,
    digest_weekday:
      settings.digestWeekday === undefined ? null : (WEEKDAY_NAMES[settings.digestWeekday] ?? null),
    deactivate_organization_certificates: facts.enforcement.deactivateOrganization,
    protect_last_valid_certificate: facts.enforcement.protectLastValid,
    activate_replacements: facts.enforcement.activateReplacements,
  };
}
