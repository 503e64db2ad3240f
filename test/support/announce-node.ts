// Vitest's global setup: one line saying which Node runs the suites, so that a CI log shows it
// (test/deploy/platform.test.ts checks that it is the Lambda's).
import { relative } from "node:path";
import { ROOT } from "./platform.js";

export default function announceNode(): void {
  const binary = process.execPath.startsWith(ROOT)
    ? relative(ROOT, process.execPath)
    : process.execPath;
  const npm = process.env.npm_node_execpath;
  console.log(
    `Vitest on Node ${process.version} (${binary})${npm ? `; npm itself on ${npm}` : ""}`,
  );
}
