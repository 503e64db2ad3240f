import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as v from "valibot";
import { type Template, TemplateSchema } from "./cfn.js";

const ROOT = new URL("../../", import.meta.url).pathname;
// What `npm run build` reads.
const BUILD_SOURCES = ["functions", "lib", "package.json", "tsconfig.json"];

/** An ARN of the shape Secrets Manager gives, for the `adminKeySecretArn` param a deployment needs. */
export const SECRET_ARN =
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-admin-AbCdEf";

export interface Packaged {
  /** The CloudFormation template the deployment would apply (`cloudformation-template-update-stack.json`). */
  template: Template;
  /** The function's zip, as the deployment would upload it. */
  zipPath: string;
}

let built: Promise<string> | undefined;
const scratch: string[] = [];

/** A new temporary directory holding copies of the repository's `sources`, node_modules linked. */
function copyOf(sources: readonly string[], prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  for (const source of sources) cpSync(join(ROOT, source), join(dir, source), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "home"));
  return dir;
}

/**
 * Builds the bundle once per test file, in a private copy of the sources: the e2e suite runs
 * `npm run build` in the work tree at the same time, and a bundle rewritten while it is zipped
 * would make a flaky test.
 */
function build(): Promise<string> {
  built ??= (async () => {
    const dir = copyOf(BUILD_SOURCES, "sweep-build-");
    await run(["npm", "run", "build"], dir);
    return dir;
  })();
  return built;
}

/** Like a fresh machine without AWS: no credentials, no profile, a HOME of its own, npm offline. */
function isolatedEnv(dir: string): NodeJS.ProcessEnv {
  const home = join(dir, "home");
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    AWS_CONFIG_FILE: join(home, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    // Anything that tried to reach the network through the usual proxy variables fails at once.
    HTTP_PROXY: "http://127.0.0.1:9",
    HTTPS_PROXY: "http://127.0.0.1:9",
    npm_config_offline: "true",
    npm_config_update_notifier: "false",
    NO_COLOR: "1",
  };
}

async function run(command: [string, ...string[]], cwd: string): Promise<void> {
  const [file, ...args] = command;
  try {
    await promisify(execFile)(file, args, { cwd, env: isolatedEnv(cwd), maxBuffer: 16 << 20 });
  } catch (error) {
    // execFile's error carries the command's output: the useful part of a failed packaging.
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`, {
      cause: error,
    });
  }
}

/**
 * `npx osls package [--stage <stage>] --param name=value … --package <dir>` on the built bundle,
 * offline and without credentials; returns the parsed update-stack template and the zip's path.
 * Without a stage, the framework's default stage (as on a fresh clone).
 */
export async function packageService(
  stage: string | undefined,
  params: Readonly<Record<string, string>>,
): Promise<Packaged> {
  // A service directory per packaging: osls keeps state in <service>/.serverless, so two
  // packagings of one directory at once would trip over each other.
  const service = copyOf(
    ["serverless.yml", "infra", "package.json"],
    `sweep-service-${stage ?? "default"}-`,
  );
  cpSync(join(await build(), "dist"), join(service, "dist"), { recursive: true });
  const out = join(service, "package");
  const stageArgs = stage === undefined ? [] : ["--stage", stage];
  const paramArgs = Object.entries(params).map(([name, value]) => `--param=${name}=${value}`);
  await run(["npx", "osls", "package", ...stageArgs, ...paramArgs, "--package", out], service);
  const json: unknown = JSON.parse(
    readFileSync(join(out, "cloudformation-template-update-stack.json"), "utf8"),
  );
  return { template: v.parse(TemplateSchema, json), zipPath: join(out, "openai-cert-sweeper.zip") };
}

/** Removes the copies and packages this file made. */
export function removePackagingScratch(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  built = undefined;
}
