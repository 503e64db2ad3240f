import { type Config, ConfigError, issueText, parseConfig } from "../config/index.js";
import { type CliArgs, SETTING_FLAGS } from "./args.js";

/** The configuration for a command: flags over the environment; plan is a dry run, apply is not. */
export function commandConfig(
  args: CliArgs,
  env: Readonly<Record<string, string | undefined>>,
): Config {
  const merged: Record<string, string | undefined> = { ...env, ...args.settings };
  // --secret-id wins over a key in the environment, as any flag wins over its variable.
  if (args.settings.OPENAI_ADMIN_KEY_SECRET_ID !== undefined) merged.OPENAI_ADMIN_KEY = undefined;
  // Anything but false (even a malformed 1 or yes) may have meant a dry run: never apply then.
  const dryRun = env.DRY_RUN?.trim() ?? "";
  if (args.command === "apply" && dryRun !== "" && !/^false$/i.test(dryRun)) {
    const issue = {
      variable: "DRY_RUN",
      accepted:
        "{DRY_RUN} is set ({value}), but apply deactivates certificates: run plan for a dry run, or unset {DRY_RUN}",
      value: JSON.stringify(dryRun.slice(0, 20)),
    };
    throw new ConfigError([issue], { message: issueText(issue) });
  }
  merged.DRY_RUN = args.command === "apply" ? "false" : "true";
  try {
    return parseConfig(merged);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Name a setting the way it was given: a flag by its flag.
    const flags = new Map<string, string>(
      Object.entries(SETTING_FLAGS).map(([flag, variable]) => [variable, flag]),
    );
    const nameOf = (variable: string) => {
      const flag = flags.get(variable);
      return flag !== undefined && args.settings[variable] !== undefined ? `--${flag}` : variable;
    };
    throw new ConfigError(error.issues, { nameOf });
  }
}
