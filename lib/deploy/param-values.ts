// The params as strings, and the rule between the missed-run alarm and the schedule.
import type { ConfigIssue } from "../config/index.js";
import { variableOf } from "./params.js";

// Params that reach the template as something other than a CloudFormation String parameter, so
// that an unquoted number is what they mean (RetentionInDays takes a number).
const NOT_STRING_PARAMETERS = new Set(["logRetentionDays", "logGroupDeletionPolicy"]);

/**
 * Each param as a string ("" when unset). A YAML value left unquoted (`dryRun: true`,
 * `concurrency: 4`, a list) reaches the template as it is, where a String parameter's Default
 * must be a string: that is refused here rather than by CloudFormation.
 */
export function paramStrings(raw: Readonly<Record<string, unknown>>): {
  params: Record<string, string>;
  issues: ConfigIssue[];
} {
  const params: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  for (const [param, value] of Object.entries(raw)) {
    if (value === undefined || value === null) params[param] = "";
    else if (typeof value === "string") params[param] = value;
    else if (NOT_STRING_PARAMETERS.has(param) && typeof value === "number") {
      params[param] = String(value);
    } else {
      const variable = variableOf(param);
      const shown = Array.isArray(value) ? value.join(",") : String(value);
      // Checked as well, as the string it would be once quoted: one issue for the quoting only.
      params[param] = shown;
      issues.push({
        variable,
        accepted: `{${variable}} must be a string: quote it in serverless.yml, as in ${param}: "${shown}"`,
        value: JSON.stringify(value),
      });
    }
  }
  return { params, issues };
}

/**
 * The missed-run alarm must wait longer than the schedule's interval, or it fires between any two
 * runs (and an interval of 168 hours, the alarm's longest wait, leaves no room at all).
 */
export function alarmIssues(
  params: Readonly<Record<string, string>>,
  hours: string,
): ConfigIssue[] {
  const waits = Number(params.missedRunAlarmHours);
  if (hours === "" || waits > Number(hours)) return [];
  return [
    {
      variable: "MISSED_RUN_ALARM_HOURS",
      accepted: `{MISSED_RUN_ALARM_HOURS} must be more than the hours between two scheduled runs ({SCHEDULE_PERIOD_HOURS} ${hours}), or the missed-run alarm fires between any two runs`,
      value: params.missedRunAlarmHours ?? "",
    },
  ];
}
