import * as v from "valibot";
import { redact } from "../redact.js";
import { crossIssues } from "./checks.js";
import { ConfigError, type ConfigIssue } from "./error.js";
import { CONFIG_VARIABLES, type Config, toConfig, VariablesSchema } from "./schema.js";

/**
 * Reads and validates the configuration; throws a ConfigError naming each bad variable. A
 * variable's own problem makes the checks across variables meaningless, so those come only after.
 * `deployed` applies the Lambda's stricter rules.
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
  const variables = v.safeParse(VariablesSchema, input);
  if (!variables.success) {
    throw new ConfigError(variables.issues.map((issue) => variableIssue(issue, input)));
  }
  const across = crossIssues(variables.output, options.deployed === true);
  if (across.length > 0) throw new ConfigError(across);
  return toConfig(variables.output);
}

/**
 * What is wrong with one variable's value taken alone, as parseConfig would say it (blank counts as
 * unset), or undefined when the value is accepted. The checks across variables are not applied.
 */
export function checkVariable(
  variable: string,
  value: string | undefined,
): ConfigIssue | undefined {
  const schema = (VariablesSchema.entries as Record<string, v.GenericSchema | undefined>)[variable];
  if (schema === undefined) throw new Error(`${variable} is not a configuration variable`);
  const trimmed = value?.trim();
  const input = { [variable]: trimmed === "" ? undefined : trimmed };
  const result = v.safeParse(v.object({ [variable]: schema }), input);
  const [issue] = result.issues ?? [];
  return issue === undefined ? undefined : variableIssue(issue, input);
}

function variableIssue(
  issue: v.BaseIssue<unknown>,
  input: Record<string, string | undefined>,
): ConfigIssue {
  const variable = v.getDotPath(issue) ?? "";
  if (variable === "") return { variable, accepted: issue.message };
  // Echo the value as it was set, to help fix a typo, but never the key itself, nor anything
  // shaped like a key that landed in the wrong variable.
  if (variable === "OPENAI_ADMIN_KEY") return { variable, accepted: issue.message };
  return { variable, accepted: issue.message, value: redact(JSON.stringify(input[variable])) };
}
