// The params serverless.yml deploys with, by the names the framework gives them (camelCase, as in
// `--param="concurrency=4"`). An issue about a param names it by its upper-case form, the way the
// configuration's issues name variables: for a sweep setting that is the environment variable the
// function reads, so the configuration's own templates apply unchanged.

/** The sweep's settings: each becomes a CloudFormation parameter and the function's variable. */
export const SETTING_PARAMS = [
  "deactivateWithinDays",
  "warnWithinDays",
  "dryRun",
  "maxDeactivationsPerRun",
  "concurrency",
  "notifyOn",
  "includeProjects",
  "excludeProjects",
  "includeArchivedProjects",
  "warnTiersDays",
  "schedulePeriodHours",
  "digestWeekday",
  "deactivateOrganizationCertificates",
  "protectLastValidCertificate",
  "activateReplacements",
] as const;

/** The params of the deployment itself: the secret, the alarms, the schedule, the log group. */
export const DEPLOYMENT_PARAMS = [
  "adminKeySecretArn",
  "adminKeySecretKmsKeyArn",
  "alarmEmail",
  "alarmTopicArn",
  "missedRunAlarmHours",
  "scheduleEnabled",
  "scheduleExpression",
  "scheduleTimezone",
  "logRetentionDays",
  "logGroupDeletionPolicy",
] as const;

export type SettingParam = (typeof SETTING_PARAMS)[number];
export type DeploymentParam = (typeof DEPLOYMENT_PARAMS)[number];

/** Every param the check reads. Only adminKeySecretArn may be missing (it has no default). */
export const CHECKED_PARAMS: readonly string[] = [...SETTING_PARAMS, ...DEPLOYMENT_PARAMS];

/** The upper-case name an issue uses for a param: SCHEDULE_PERIOD_HOURS for schedulePeriodHours. */
export const variableOf = (param: string): string =>
  param.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();

/** The param an issue's upper-case name stands for: schedulePeriodHours for SCHEDULE_PERIOD_HOURS. */
export const paramOf = (variable: string): string =>
  variable.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
