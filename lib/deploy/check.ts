// The check `osls package` and `osls deploy` run on the params before anything is packaged or sent
// to CloudFormation (functions/deploy-settings.ts): each value on its own, then the schedule's
// period, then the configuration's own rules across settings (lib/config/checks.ts).
import {
  ConfigError,
  type ConfigIssue,
  checkVariable,
  issueText,
  parseConfig,
} from "../config/index.js";
import { redact } from "../redact.js";
import { DEPLOYMENT_FORMS } from "./deployment-forms.js";
import { alarmIssues, paramStrings } from "./param-values.js";
import { DEPLOYMENT_PARAMS, paramOf, SETTING_PARAMS, variableOf } from "./params.js";
import { formatHours, periodOfSchedule } from "./schedule-period.js";
import { settingIssue } from "./setting-forms.js";

/** What the template takes from the check besides the params themselves. */
export interface CheckedSettings {
  /** schedulePeriodHours as set, or derived from scheduleExpression when it is "". */
  schedulePeriodHours: string;
  /**
   * The log group's DeletionPolicy: RetainExceptOnCreate for logGroupDeletionPolicy Retain, so
   * that a first deployment that rolls back does not leave behind a group that blocks the next.
   */
  logGroupDeletionPolicy: "Delete" | "RetainExceptOnCreate";
  /** Its UpdateReplacePolicy, which has no RetainExceptOnCreate: Delete or Retain. */
  logGroupUpdateReplacePolicy: "Delete" | "Retain";
}

/**
 * The params as the framework resolves them (strings; a number or boolean where the YAML left a
 * value unquoted), checked; throws a ConfigError naming each bad param, its value and what it
 * accepts.
 */
export function checkDeployment(raw: Readonly<Record<string, unknown>>): CheckedSettings {
  const { params, issues: unquoted } = paramStrings(raw);
  const own = [...unquoted, ...valueIssues(params)];
  const period = own.length === 0 ? schedulePeriod(params) : { hours: "", issues: [] };
  const checked = own.length === 0 && period.issues.length === 0;
  const across = checked
    ? [...alarmIssues(params, period.hours), ...acrossIssues(params, period.hours)]
    : [];
  const issues = [...own, ...period.issues, ...across];
  if (issues.length > 0) {
    const text = issues.map((issue) => issueText(issue, paramOf)).join("; ");
    throw new ConfigError(issues, { message: `Invalid deployment params: ${text}` });
  }
  const retain = params.logGroupDeletionPolicy === "Retain";
  return {
    schedulePeriodHours: period.hours,
    logGroupDeletionPolicy: retain ? "RetainExceptOnCreate" : "Delete",
    logGroupUpdateReplacePolicy: retain ? "Retain" : "Delete",
  };
}

function valueIssues(params: Readonly<Record<string, string>>): ConfigIssue[] {
  const value = (param: string) => params[param] ?? "";
  const settings = SETTING_PARAMS.flatMap((param) => {
    // Blank: derived from scheduleExpression below.
    if (param === "schedulePeriodHours" && value(param) === "") return [];
    return settingIssue(param, value(param)) ?? [];
  });
  const deployment = DEPLOYMENT_PARAMS.flatMap((param) => {
    const { form, accepts } = DEPLOYMENT_FORMS[param];
    if (accepts(value(param))) return [];
    return [
      { variable: variableOf(param), accepted: form, value: redact(JSON.stringify(value(param))) },
    ];
  });
  return [...settings, ...deployment];
}

const every = (hours: number) => (hours === 1 ? "hour" : `${formatHours(hours)} hours`);

/** schedulePeriodHours as set, when it agrees with the expression, or derived from it. */
function schedulePeriod(params: Readonly<Record<string, string>>) {
  const expression = params.scheduleExpression ?? "";
  const set = params.schedulePeriodHours ?? "";
  const derived = periodOfSchedule(expression);
  const issue = (variable: string, accepted: string, value?: string) => ({
    hours: "",
    issues: [{ variable, accepted, ...(value === undefined ? {} : { value }) }],
  });
  if (set !== "") {
    if (derived === undefined || Number(set) === Number(formatHours(derived))) {
      return { hours: set, issues: [] };
    }
    return issue(
      "SCHEDULE_PERIOD_HOURS",
      `{SCHEDULE_PERIOD_HOURS} {value} does not match {SCHEDULE_EXPRESSION} ${expression}, which runs every ${every(derived)}`,
      set,
    );
  }
  if (derived === undefined) {
    return issue(
      "SCHEDULE_PERIOD_HOURS",
      `{SCHEDULE_PERIOD_HOURS} must be set to the hours between two scheduled runs (from 0.25 to 168): {SCHEDULE_EXPRESSION} ${expression} does not run at one fixed interval this check can read (it reads rate() and daily or evenly spaced cron() expressions)`,
    );
  }
  // The function's own bounds on SCHEDULE_PERIOD_HOURS, from its schema.
  if (checkVariable("SCHEDULE_PERIOD_HOURS", formatHours(derived)) !== undefined) {
    return issue(
      "SCHEDULE_EXPRESSION",
      `{SCHEDULE_EXPRESSION} ${expression} runs every ${every(derived)}, but the sweep takes from 0.25 to 168 hours between runs`,
    );
  }
  return { hours: formatHours(derived), issues: [] };
}

// A secret the configuration's rules can see as set: that the function has its key's secret is the
// template's to ensure (it always sets OPENAI_ADMIN_KEY_SECRET_ID), and its form this check's above.
const SECRET_STAND_IN = "deploy-check";

/** The configuration's rules across settings, on the settings as the function will read them. */
function acrossIssues(params: Readonly<Record<string, string>>, hours: string): ConfigIssue[] {
  const env: Record<string, string> = { OPENAI_ADMIN_KEY_SECRET_ID: SECRET_STAND_IN };
  for (const param of SETTING_PARAMS) env[variableOf(param)] = params[param] ?? "";
  env.SCHEDULE_PERIOD_HOURS = hours;
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
}
