// Cold start of a bundle: its size and the time to import it in a fresh process, next to a
// reference bundle built with the same esbuild flags that only imports the two AWS SDK clients.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { PLATFORM } from "../support/platform.js";
import { CHILD_NODE, ROOT } from "./run-sweeper.js";

// What the reference holds: the AWS SDK clients, referenced so that they are not tree-shaken.
const REFERENCE_ENTRY = `
  import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
  import { SNSClient } from "@aws-sdk/client-sns";
  export const clients = [SNSClient, SecretsManagerClient];
`;

export interface ColdStart {
  bytes: number;
  /** Median over the imports. */
  importMs: number;
  samplesMs: number[];
}

/** Measures `bundle` and the reference, alternating imports so that drift hits both alike. */
export async function measureColdStart(
  bundle: string,
  imports: number,
): Promise<{ bundle: ColdStart; reference: ColdStart }> {
  const tmp = mkdtempSync(join(tmpdir(), "cert-sweeper-bench-"));
  try {
    const reference = join(tmp, "index.mjs");
    await buildReference(reference);
    const samples = { bundle: [] as number[], reference: [] as number[] };
    for (let i = 0; i < imports; i++) {
      samples.bundle.push(await importMs(bundle));
      samples.reference.push(await importMs(reference));
    }
    const figures = (path: string, samplesMs: number[]): ColdStart => ({
      bytes: statSync(path).size,
      importMs: median(samplesMs),
      samplesMs,
    });
    return {
      bundle: figures(bundle, samples.bundle),
      reference: figures(reference, samples.reference),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// The flags of `npm run build` in package.json.
async function buildReference(outfile: string): Promise<void> {
  await build({
    stdin: { contents: REFERENCE_ENTRY, resolveDir: ROOT, sourcefile: "aws-clients-only.mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: PLATFORM.lambdaTarget,
    minify: true,
    sourcemap: true,
    mainFields: ["module", "main"],
    outfile,
    banner: {
      js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
    },
    logLevel: "error",
  });
}

/** Time to import a module in a fresh process, measured inside it (process start excluded). */
async function importMs(path: string): Promise<number> {
  const script =
    "const t = performance.now(); " +
    `await import(${JSON.stringify(pathToFileURL(path).href)}); ` +
    "process.stdout.write(String(performance.now() - t));";
  const { stdout } = await promisify(execFile)(CHILD_NODE, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH ?? "" },
  });
  const value = Number(stdout.trim());
  if (!Number.isFinite(value)) throw new Error(`importing ${path} printed ${stdout}`);
  return value;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}
