#!/usr/bin/env node
// `cert-sweep`: the operators' command line. Wiring only; the commands are in lib/cli/.
import { createInterface } from "node:readline/promises";
import { secretReader, snsPublisher } from "../lib/aws.js";
import { runCli } from "../lib/cli/run-cli.js";
import packageJson from "../package.json" with { type: "json" };

// A closed pipe (`cert-sweep plan | head`) is the reader's choice, not a failure worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdinIsTTY: process.stdin.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  readLine: async (prompt) => {
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    // Ctrl-C at the question rejects it, as an interrupt (the CLI exits 130).
    const interrupt = new AbortController();
    terminal.once("SIGINT", () => interrupt.abort());
    try {
      return await terminal.question(prompt, { signal: interrupt.signal });
    } catch (error) {
      if (interrupt.signal.aborted) throw new Error("Aborted with Ctrl+C");
      // Ctrl-D closes the question without ending its line, as Ctrl-C's readline does.
      process.stderr.write("\n");
      throw error;
    } finally {
      terminal.close();
    }
  },
  secretReader,
  snsPublisher,
  now: Date.now,
  version: packageJson.version,
  interrupted: () =>
    new Promise((resolve) => {
      process.once("SIGINT", () => resolve());
    }),
});
