// The built `cert-sweep` bin, copied for one test file: another suite rebuilding dist/ meanwhile
// cannot swap the code under test.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./platform.js";

/** Builds the CLI, copies it to a directory of its own, and returns the executable's path. */
export function builtCliBin(): { bin: string; remove: () => void } {
  try {
    execFileSync("npm", ["run", "build:cli"], { cwd: ROOT, stdio: "pipe" });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`npm run build:cli failed\n${stderr}`, { cause: error });
  }
  const dir = mkdtempSync(join(tmpdir(), "cert-sweep-e2e-"));
  // The executable, the bundle it loads and the bundle's source map.
  for (const file of ["cert-sweep.mjs", "cert-sweep-main.mjs", "cert-sweep-main.mjs.map"]) {
    copyFileSync(join(ROOT, "dist/cli", file), join(dir, file));
  }
  return {
    bin: join(dir, "cert-sweep.mjs"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
