// What the CLI does with the run's log lines: nothing, or, with --verbose, JSON lines on stderr.
import type { JobLogger } from "../job/deps.js";

export const silentLogger: JobLogger = { info: () => {}, error: () => {} };

export const stderrLogger = (write: (text: string) => void): JobLogger => ({
  info: (message, attributes) =>
    write(`${JSON.stringify({ level: "INFO", message, ...attributes })}\n`),
  error: (message, attributes) =>
    write(`${JSON.stringify({ level: "ERROR", message, ...attributes })}\n`),
});
