// What the deployment's own params accept. Where CloudFormation checks a param too, its
// AllowedPattern or AllowedValues and ConstraintDescription (infra/parameters.yml) are the
// `pattern` or `values` and `form` here, and a test holds them equal.
import { isSchedulerCron } from "./cron-fields.js";
import type { DeploymentParam } from "./params.js";

interface Form {
  /** The accepted form, as a ConfigIssue's `accepted` (and the ConstraintDescription) says it. */
  form: string;
  /** The CloudFormation parameter's AllowedPattern, when it has one. */
  pattern?: string;
  /** The CloudFormation parameter's AllowedValues, when it has them. */
  values?: readonly string[];
  accepts: (value: string) => boolean;
}

const matching = (pattern: string, form: string): Form => ({
  form,
  pattern,
  accepts: (value) => new RegExp(pattern).test(value),
});

const oneOf = (values: readonly string[], form: string): Form => ({
  form,
  values,
  accepts: (value) => values.includes(value),
});

// The full ARN, with the six characters Secrets Manager appends to the name: the IAM statement
// grants exactly this ARN, so a partial one would deploy and then be denied.
const SECRET_ARN = matching(
  "^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$",
  "must be the secret's full ARN, ending in the six-character suffix Secrets Manager adds, such as arn:aws:secretsmanager:eu-west-1:123456789012:secret:openai-admin-AbCdEf",
);

// EventBridge Scheduler's three forms; Scheduler itself checks the fields of a cron() when the
// schedule is created. A rate's unit is singular for 1 and plural otherwise.
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
const SCHEDULE_EXPRESSION =
  "^(rate\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\)" +
  "|cron\\([0-9A-Za-z,*?/#-]+( [0-9A-Za-z,*?/#-]+){5}\\)" +
  "|at\\([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\))$";

// An IANA time zone name's shape; the package-time check also asks Node's ICU whether it exists.
const TIME_ZONE = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$";

// A zone Node knows, spelled as the tz database spells it: Intl also takes "utc" or
// "europe/berlin", which Scheduler's own check need not (an alias such as US/Pacific is kept).
const knownTimeZone = (zone: string) => {
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions()
      .timeZone;
    return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
  } catch {
    return false;
  }
};

// The retention periods CloudWatch Logs accepts:
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827]
  .concat([2192, 2557, 2922, 3288, 3653])
  .map(String);

/** Each deployment param's form. */
export const DEPLOYMENT_FORMS: Record<DeploymentParam, Form> = {
  // "" too at package time, so that a fresh clone packages; CloudFormation's pattern rejects "".
  adminKeySecretArn: { ...SECRET_ARN, accepts: (v) => v === "" || SECRET_ARN.accepts(v) },
  // A key ARN, not an alias: IAM matches kms:Decrypt against the key itself.
  adminKeySecretKmsKeyArn: matching(
    "^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+)?$",
    "must be empty or a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)",
  ),
  alarmEmail: matching("^([^\\s@]+@[^\\s@]+)?$", "must be empty or one email address"),
  alarmTopicArn: matching(
    "^(arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256})?$",
    "must be empty or a standard SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:ops-alarms",
  ),
  // A whole number, without leading zeros: EvaluationPeriods takes integers only.
  missedRunAlarmHours: matching(
    "^([1-9]|[1-9][0-9]|1[0-5][0-9]|16[0-8])$",
    "must be a whole number of hours from 1 to 168 (seven days)",
  ),
  scheduleEnabled: oneOf(["true", "false"], "must be true or false, in lower case"),
  scheduleExpression: {
    ...matching(
      SCHEDULE_EXPRESSION,
      "must be rate(N minutes|hours|days) (singular for 1, as in rate(1 day)), cron(six fields, each in its range, with ? in exactly one of day-of-month and day-of-week) or at(yyyy-mm-ddThh:mm:ss), such as cron(0 6 * * ? *)",
    ),
    // CloudFormation checks the shape; the check also each cron() field, as Scheduler will.
    accepts: (v) =>
      new RegExp(SCHEDULE_EXPRESSION).test(v) &&
      (!v.startsWith("cron(") || isSchedulerCron(v.slice(5, -1).split(" "))),
  },
  scheduleTimezone: {
    ...matching(TIME_ZONE, "must be a time zone name such as UTC or Europe/Berlin"),
    accepts: (v) => new RegExp(TIME_ZONE).test(v) && knownTimeZone(v),
  },
  logRetentionDays: oneOf(RETENTION_DAYS, `must be one of ${RETENTION_DAYS.join(", ")} (days)`),
  // Resolved by the framework: CloudFormation takes no parameter there.
  logGroupDeletionPolicy: oneOf(["Delete", "Retain"], "must be Delete or Retain"),
};
