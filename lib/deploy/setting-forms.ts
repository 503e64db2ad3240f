// What a deployment accepts for each sweep setting: what the function accepts (the configuration's
// own schema, lib/config), written in the one way CloudFormation's parameter constraints can check
// as well (infra/settings.yml): printable ASCII without surrounding spaces, words in lower case
// (valibot takes any case, CloudFormation's AllowedValues one), numbers with at most six decimal
// places (beyond that, a string and the number it parses to can fall on either side of a bound),
// and blank only where blank means something (a list, no digest).
import { type ConfigIssue, checkVariable, describeVariable } from "../config/index.js";
import { redact } from "../redact.js";
import { type SettingParam, variableOf } from "./params.js";

type Kind = "word" | "optional-word" | "whole" | "decimal" | "list";

const KINDS: Record<SettingParam, Kind> = {
  deactivateWithinDays: "decimal",
  warnWithinDays: "decimal",
  dryRun: "word",
  maxDeactivationsPerRun: "whole",
  concurrency: "whole",
  notifyOn: "word",
  includeProjects: "list",
  excludeProjects: "list",
  includeArchivedProjects: "word",
  warnTiersDays: "list",
  schedulePeriodHours: "decimal",
  digestWeekday: "optional-word",
  deactivateOrganizationCertificates: "word",
  protectLastValidCertificate: "word",
  activateReplacements: "word",
};

const QUALIFIER: Record<Kind, string> = {
  word: ", in lower case",
  "optional-word": ", in lower case, or empty",
  whole: "",
  decimal: ", with at most six decimal places",
  list: ", or empty",
};

/** A setting's accepted form for a deployment, as its parameter's ConstraintDescription says it. */
export function settingForm(param: SettingParam): string {
  return `must be ${describeVariable(variableOf(param)).accepted}${QUALIFIER[KINDS[param]]}`;
}

/** Printable ASCII, neither starting nor ending with a space. */
const PLAIN = /^([!-~]([ -~]*[!-~])?)?$/;

/** Whether `value` is written the way a deployment takes it (the function may take more). */
function writtenForDeployment(kind: Kind, value: string): boolean {
  if (!PLAIN.test(value)) return false;
  if (value === "") return kind === "list" || kind === "optional-word";
  if (kind === "word" || kind === "optional-word") return value === value.toLowerCase();
  return kind !== "decimal" || !/\.[0-9]{7}/.test(value);
}

/** What is wrong with a setting's value for a deployment, or undefined when it is accepted. */
export function settingIssue(param: SettingParam, value: string): ConfigIssue | undefined {
  const variable = variableOf(param);
  const accepted =
    writtenForDeployment(KINDS[param], value) && checkVariable(variable, value) === undefined;
  if (accepted) return undefined;
  return { variable, accepted: settingForm(param), value: redact(JSON.stringify(value)) };
}
