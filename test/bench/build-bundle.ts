// The bundle under measure: `npm run build` (the exact build a deployment ships), then a copy in a
// temporary directory, so that a rebuild of dist/ while the benchmark runs (an e2e test, another
// checkout's work) cannot swap the code between two cases.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./run-sweeper.js";

/** Builds the bundle and returns the path of a snapshot removed when this process exits. */
export function buildBundle(): string {
  try {
    execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "pipe" });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`npm run build failed\n${stderr}`, { cause: error });
  }
  const dir = mkdtempSync(join(tmpdir(), "cert-sweeper-bundle-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, "index.mjs");
  copyFileSync(join(ROOT, "dist/sweep/index.mjs"), bundle);
  copyFileSync(join(ROOT, "dist/sweep/index.mjs.map"), `${bundle}.map`);
  return bundle;
}
