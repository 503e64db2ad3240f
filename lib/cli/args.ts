import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";

/** Each setting's flag and the environment variable it mirrors; a flag wins over its variable. */
export const SETTING_FLAGS = {
  "secret-id": "OPENAI_ADMIN_KEY_SECRET_ID",
  "base-url": "OPENAI_BASE_URL",
  "sns-topic-arn": "SNS_TOPIC_ARN",
  "deactivate-within-days": "DEACTIVATE_WITHIN_DAYS",
  "warn-within-days": "WARN_WITHIN_DAYS",
  "warn-tiers-days": "WARN_TIERS_DAYS",
  "max-deactivations-per-run": "MAX_DEACTIVATIONS_PER_RUN",
  concurrency: "CONCURRENCY",
  "notify-on": "NOTIFY_ON",
  "include-projects": "INCLUDE_PROJECTS",
  "exclude-projects": "EXCLUDE_PROJECTS",
  "include-archived-projects": "INCLUDE_ARCHIVED_PROJECTS",
  "deactivate-organization-certificates": "DEACTIVATE_ORGANIZATION_CERTIFICATES",
  "protect-last-valid-certificate": "PROTECT_LAST_VALID_CERTIFICATE",
  "activate-replacements": "ACTIVATE_REPLACEMENTS",
  "schedule-period-hours": "SCHEDULE_PERIOD_HOURS",
  "digest-weekday": "DIGEST_WEEKDAY",
} as const;

const COMMANDS = ["plan", "apply", "demo", "simulator"] as const;
type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  command: Command | "help" | "version";
  /** Settings given as flags, by the environment variable they stand for. */
  settings: Record<string, string>;
  json: boolean;
  yes: boolean;
  verbose: boolean;
  /** plan's exit code says whether there are changes (2) or none (0), as Terraform's does. */
  detailedExitcode: boolean;
  /** `simulator`'s options: its port, projects added to the demo organization, added latency. */
  simulator: { port: number; extraProjects: number; latencyMs: number };
}

const SWITCHES = {
  json: { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  verbose: { type: "boolean" },
  "detailed-exitcode": { type: "boolean" },
  port: { type: "string" },
  "extra-projects": { type: "string" },
  "latency-ms": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

/** Reads the command line (without `node` and the script); throws a UsageError for anything odd. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const settingOptions = Object.fromEntries(
    Object.keys(SETTING_FLAGS).map((flag) => [flag, { type: "string" as const }]),
  );
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: { ...SWITCHES, ...settingOptions },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    // node:util's first sentence is clear ("Unknown option '--foo'"); the rest is about `--`. A
    // value that starts with a dash (a negative number) reads as a flag: say how to pass it.
    const message = error instanceof Error ? error.message : String(error);
    const first = (message.split(/\.\s/)[0] ?? message).replace(/\.$/, "");
    const flag = /Option '(--[a-z-]+)' argument is ambiguous/.exec(message)?.[1];
    throw new UsageError(
      flag ? `${flag} needs a value; one that starts with a dash goes as ${flag}=-…` : first,
    );
  }
  const settings: Record<string, string> = {};
  for (const [flag, variable] of Object.entries(SETTING_FLAGS)) {
    const value = values[flag];
    if (typeof value === "string") settings[variable] = value;
  }
  const flags = {
    json: values.json === true,
    yes: values.yes === true,
    verbose: values.verbose === true,
    detailedExitcode: values["detailed-exitcode"] === true,
    simulator: {
      port: wholeNumberFlag(values.port, "port", 0, 65_535),
      extraProjects: wholeNumberFlag(values["extra-projects"], "extra-projects", 0, 100_000),
      latencyMs: wholeNumberFlag(values["latency-ms"], "latency-ms", 0, 60_000),
    },
  };
  if (values.help) return { command: "help", settings, ...flags };
  if (values.version) return { command: "version", settings, ...flags };
  const [command, ...extra] = positionals;
  if (command === undefined)
    throw new UsageError("missing command: plan, apply, demo or simulator");
  if (!isCommand(command)) {
    throw new UsageError(
      `unknown command ${JSON.stringify(command)}: use plan, apply, demo or simulator`,
    );
  }
  const simulatorFlags = ["port", "extra-projects", "latency-ms"].filter(
    (f) => values[f] !== undefined,
  );
  if (command !== "simulator" && simulatorFlags.length > 0) {
    throw new UsageError(`--${simulatorFlags[0]} is for the simulator command`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (flags.yes && command === "plan") {
    throw new UsageError("--yes is for apply; plan never changes anything");
  }
  if (flags.detailedExitcode && command === "apply") {
    throw new UsageError("--detailed-exitcode is for plan; apply exits 0 once done, 1 on failure");
  }
  return { command, settings, ...flags };
}

const isCommand = (name: string): name is Command => (COMMANDS as readonly string[]).includes(name);

/** A whole-number flag from `min` to `max`, or a UsageError saying what it accepts. */
function wholeNumberFlag(
  value: string | boolean | undefined,
  flag: string,
  min: number,
  max: number,
): number {
  if (value === undefined) return 0;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(
      `--${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`,
    );
  }
  return Number(text);
}
