// `cert-sweep --help`: the commands, the flags, and each setting with its default and accepted form.
import { describeVariable } from "../config/index.js";
import { SETTING_FLAGS } from "./args.js";

/** The help text. */
export const USAGE = `Usage: cert-sweep <command> [flags]

Commands:
  plan    Show what a sweep would do, changing nothing (a dry run).
  apply   Sweep: deactivate expired and expiring certificates, after confirmation.
  demo    Plan, apply and plan again against the built-in Admin API simulator.
  simulator
          Serve the built-in simulator with the demo organization on 127.0.0.1 until Ctrl-C,
          printing the OPENAI_BASE_URL and OPENAI_ADMIN_KEY to export in another shell.
          --port N (0, the default, picks a free port), --extra-projects N, --latency-ms N.

Flags:
  --json       Print the versioned JSON report instead of tables.
  -y, --yes    Apply without asking (required when stdin is not a terminal).
  --verbose    Log lines and stack traces on stderr.
  --detailed-exitcode
               plan exits 2 when there are changes, 0 when there are none (1 on failure).
  -h, --help   Show this help.
  --version    Show the version.

Settings (a flag wins over its environment variable; see docs/configuration.md):
${Object.entries(SETTING_FLAGS)
  .map(([flag, variable]) => {
    const { default: fallback, accepted } = describeVariable(variable);
    const shown = fallback === "" ? "" : ` (default ${fallback})`;
    return `  --${flag.padEnd(38)}${variable}${shown}\n${" ".repeat(42)}${accepted}`;
  })
  .join("\n")}

Examples:
  cert-sweep plan                                  what a sweep would do now; changes nothing
  cert-sweep apply --deactivate-within-days 2      shows the plan, asks, then deactivates
  cert-sweep apply --yes --json > report.json      unattended (CI): no question, the JSON report

The admin key comes from OPENAI_ADMIN_KEY, or from Secrets Manager with --secret-id.

Exit codes: 0 success (plan: whatever it found); 1 failure; with plan --detailed-exitcode,
2 when the plan has changes and 0 when it has none.
`;
