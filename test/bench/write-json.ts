// The benchmark's result files live in the repository, where `biome ci .` checks every JSON file,
// so they are written in Biome's format rather than JSON.stringify's.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const BIOME = join(new URL("../../", import.meta.url).pathname, "node_modules/.bin/biome");

/** Writes `value` as JSON to `path`, formatted by the repository's Biome. */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  execFileSync(BIOME, ["format", "--write", path], { stdio: "pipe" });
}
