import { errorText, UsageError } from "../errors.js";
import { createJobDeps } from "../job/deps.js";
import { runSweepJob } from "../job/run-job.js";
import { SweepFailedError } from "../job/summary.js";
import { redact } from "../redact.js";
import { headline } from "../report/headline.js";
import { isFailure } from "../report/outcome.js";
import type { Report } from "../report/schema.js";
import { totals } from "../report/totals.js";
import { type CliArgs, parseCliArgs } from "./args.js";
import { commandConfig } from "./command-config.js";
import { confirmation } from "./confirm.js";
import { runDemoCommand } from "./demo.js";
import type { CliIo } from "./io.js";
import { silentLogger, stderrLogger } from "./loggers.js";
import { terminalProgress } from "./progress.js";
import { runSimulatorCommand } from "./simulator-command.js";
import { renderTables } from "./table.js";
import { USAGE } from "./usage.js";

const EXIT = { ok: 0, failure: 1, changes: 2, interrupted: 130 } as const;

// No Lambda timeout here; the budget still bounds a run that hangs, with room for a person to read
// the plan before confirming.
const CLI_TIME_BUDGET_MS = 30 * 60_000;

/** Runs one command line and returns the exit code (see USAGE). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArgs | undefined;
  try {
    args = parseCliArgs(argv);
    switch (args.command) {
      case "help":
        io.stdout(USAGE);
        return EXIT.ok;
      case "version":
        io.stdout(`${io.version}\n`);
        return EXIT.ok;
      case "demo":
        return await runDemoCommand(args, io, runSweepCommand);
      case "simulator":
        return await runSimulatorCommand(args, io);
      default:
        return await runSweepCommand(args, io);
    }
  } catch (error) {
    const message = errorText(error);
    io.stderr(`cert-sweep: ${redact(message)}\n`);
    if (error instanceof UsageError)
      io.stderr("Run cert-sweep --help for the commands and flags.\n");
    else if (args?.verbose && error instanceof Error && error.stack) {
      io.stderr(`${redact(error.stack)}\n`);
    }
    return EXIT.failure;
  }
}

/** `plan` or `apply`: one sweep with the Lambda's own code, reported as tables or JSON. */
async function runSweepCommand(args: CliArgs, io: CliIo): Promise<number> {
  const apply = args.command === "apply";
  const config = commandConfig(args, io.env);
  if (apply && !args.yes && !io.stdinIsTTY) {
    throw new UsageError(
      "apply asks for confirmation, but stdin is not a terminal: pass --yes to apply without asking",
    );
  }
  const deps = createJobDeps(config, {
    logger: args.verbose ? stderrLogger(io.stderr) : silentLogger,
    secretReader: io.secretReader,
    snsPublisher: io.snsPublisher,
  });
  const started = io.now();
  let failure: string | undefined;
  const progress = io.stderrIsTTY ? terminalProgress(io.stderr, io.now) : undefined;
  const asked = apply && !args.yes ? confirmation(args, io, progress) : undefined;
  let outcome: { report: Report; declined: boolean };
  try {
    outcome = await runSweepJob(
      config,
      { ...deps, now: io.now, remainingTimeMs: () => started + CLI_TIME_BUDGET_MS - io.now() },
      {
        id: `cli-${args.command}-${new Date(started).toISOString()}`,
        confirm: asked?.confirm,
        onProgress: progress?.update,
      },
    );
  } catch (error) {
    if (!(error instanceof SweepFailedError)) throw error;
    // The report says what failed in the sweep; the message also covers publishing it.
    outcome = { report: error.details.report, declined: false };
    failure = `cert-sweep: ${redact(error.message)}\n`;
  } finally {
    progress?.clear();
  }
  const { report, declined } = outcome;
  // A plan turned down was on screen already: only a machine reader gets it again, as JSON.
  if (args.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (!declined) io.stdout(renderTables(report));
  if (failure) {
    // The cause first, where people look: what failed, and why.
    for (const e of report.errors) io.stderr(`cert-sweep: ${e.stage} failed: ${redact(e.error)}\n`);
    io.stderr(failure);
  }
  const missing = report.projects_not_scanned.filter((p) => p.reason === "not_found");
  if (missing.length > 0) {
    const setting =
      args.settings.INCLUDE_PROJECTS !== undefined ? "--include-projects" : "INCLUDE_PROJECTS";
    io.stderr(
      `cert-sweep: ${setting} names projects the organization does not have (a typo?): ${missing.map((p) => p.id).join(", ")}\n`,
    );
  }
  if (declined) {
    // Ctrl-C exits as shells expect of an interrupt (readline has ended the prompt's line).
    io.stderr("Apply cancelled: nothing was deactivated.\n");
    return asked?.interrupted() ? EXIT.interrupted : EXIT.failure;
  }
  // An answered question on the terminal gets its outcome there too, not only in the file.
  if (asked?.askedOnStderr()) io.stderr(`${headline(report)}\n`);
  if (failure !== undefined || isFailure(report)) return EXIT.failure;
  const changes = totals(report.counts).planned + report.counts.activations_planned > 0;
  return !apply && args.detailedExitcode && changes ? EXIT.changes : EXIT.ok;
}
