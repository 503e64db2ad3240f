// The built `cert-sweep` bin (what `npm install` links) in a child process, on the oldest Node
// its `engines` admit (22) and on the Lambda's (24); and `npm start`. The child's stdin is a pipe, so it is not a terminal.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ReportSchema } from "../../lib/report/schema.js";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import { type Simulator, startSimulator } from "../../lib/simulator/server.js";
import { type AwsEndpoint, startAwsEndpoint } from "../support/aws-endpoint.js";
import { builtCliBin } from "../support/cli-bin.js";
import { nodeOfMajor, PLATFORM } from "../support/platform.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const KEY = "sk-admin-e2e-cli-8b3f0c2d7e6a4915";
const SECRET_NAME = "openai-cert-sweeper/cli-admin-key";
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }
).version;

// Each binary is this Node when it is that version, else the pinned one npm installs on linux-x64.
const RUNTIMES: [string, number][] = [
  ...new Set([PLATFORM.enginesMajor, PLATFORM.lambdaRuntimeMajor]),
].map((major) => [`Node ${major}`, major]);

let bin = "";
let sim: Simulator | undefined;
let aws: AwsEndpoint | undefined;

let removeBin = () => {};

beforeAll(() => {
  ({ bin, remove: removeBin } = builtCliBin());
}, 120_000);

afterAll(() => removeBin());

afterEach(async () => {
  await sim?.close();
  await aws?.close();
  sim = undefined;
  aws = undefined;
});

async function startDemoSimulator(): Promise<Simulator> {
  sim = await startSimulator({
    adminKey: KEY,
    organization: demoOrganization(Math.floor(Date.now() / 1000)),
  });
  return sim;
}

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with a closed stdin pipe; resolves with its exit code and output. */
function run(command: string, args: string[], env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.end();
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The bin on `node`, with only PATH and `env` in its environment (nothing from this shell). */
async function certSweep(node: string, args: string[], env: Record<string, string> = {}) {
  const result = await run(node, [bin, ...args], { PATH: process.env.PATH ?? "", ...env });
  expect(`${result.stdout}${result.stderr}`).not.toContain(KEY);
  return result;
}

const against = (s: Simulator) => ({ OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: s.url });

describe("the built cert-sweep bin", () => {
  it("starts with a node shebang, so it runs as an installed command", () => {
    expect(readFileSync(bin, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it("ships its source map: a --verbose stack trace names source files and lines", async () => {
    const node = nodeOfMajor(24).path;
    const { code, stderr } = await certSweep(node, ["plan", "--concurrency", "lots", "--verbose"], {
      OPENAI_ADMIN_KEY: KEY,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ {4}at commandConfig \(.*lib\/cli\/command-config\.ts:\d+:\d+\)$/m);
  });

  it("on a Node older than 22 (the machine's own, outside node_modules), says in one line which it needs", async () => {
    // The first `node` on PATH once npm's node_modules/.bin entries are left out.
    const path = (process.env.PATH ?? "").split(":").filter((dir) => !dir.includes("node_modules"));
    const node = execFileSync("sh", ["-c", "command -v node"], {
      encoding: "utf8",
      env: { PATH: path.join(":") },
    }).trim();
    const major = Number(
      execFileSync(node, ["-p", "process.versions.node.split('.')[0]"], { encoding: "utf8" }),
    );
    const result = await certSweep(node, ["--version"]);
    if (major >= 22) {
      // A machine whose own Node is new enough runs it.
      expect(result.code).toBe(0);
      return;
    }
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `cert-sweep: needs Node.js 22 or later, but ${node} is v${execFileSync(node, ["-p", "process.versions.node"], { encoding: "utf8" }).trim()}; run it with a newer node (in a clone of the repository, npx cert-sweep uses the project's own Node 24)\n`,
    );
  });

  it.each(RUNTIMES)(
    "on %s: plan exits 2, apply without a terminal refuses, apply --yes deactivates, plan again exits 0",
    async (_label, major) => {
      const { path: node, version } = nodeOfMajor(major);
      expect(execFileSync(node, ["--version"], { encoding: "utf8" }).trim()).toBe(version);
      const s = await startDemoSimulator();
      const env = against(s);

      const plan = await certSweep(node, ["plan", "--detailed-exitcode"], env);
      expect(plan.code).toBe(2);
      expect(plan.stdout).toMatch(
        /^Payments \(proj_payments\)\n {2}CERTIFICATE +NAME +EXPIRES AT +DAYS +ACTION$/m,
      );
      expect(plan.stdout).toMatch(/^ {2}cert_payments_gateway_2025 .* 3 ago +would deactivate$/m);
      expect(plan.stderr).toBe("");
      expect(s.requests.filter((r) => r.method === "POST")).toEqual([]);

      const refused = await certSweep(node, ["apply"], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^cert-sweep: .*stdin is not a terminal.*--yes/);
      expect(refused.stdout).toBe("");
      expect(s.activeInProject("proj_payments")).toEqual([
        "cert_checkout_edge_2026",
        "cert_payments_gateway_2025",
      ]);

      const before = s.requests.length;
      const applied = await certSweep(node, ["apply", "--yes"], env);
      expect(applied.code).toBe(0);
      expect(applied.stdout).toMatch(/^ {2}cert_payments_gateway_2025 .* 3 ago +deactivated$/m);
      expect(s.requests.length).toBeGreaterThan(before);
      expect(s.activeInProject("proj_payments")).toEqual(["cert_checkout_edge_2026"]);
      expect(s.activeInProject("proj_partner_api")).toEqual(["cert_partner_sftp_2025"]);

      const again = await certSweep(node, ["plan"], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(
        /^CRITICAL: 1 certificate held back as the last valid one; nothing to deactivate/m,
      );
    },
  );

  it.each(RUNTIMES)(
    "on %s: --json prints only a report that matches the schema",
    async (_l, major) => {
      const node = nodeOfMajor(major).path;
      const s = await startDemoSimulator();
      const { code, stdout, stderr } = await certSweep(node, ["plan", "--json"], against(s));

      expect(code).toBe(0);
      const report: unknown = JSON.parse(stdout);
      expect(v.is(ReportSchema, report)).toBe(true);
      expect(report).toMatchObject({ dry_run: true, outcome: "planned" });
      expect(stderr).toBe("");
    },
  );

  it.each(RUNTIMES)(
    "on %s: a bad flag gets one line and a hint, no stack, exit 1",
    async (_l, major) => {
      const node = nodeOfMajor(major).path;
      const s = await startDemoSimulator();
      const unknown = await certSweep(node, ["plan", "--frobnicate"], against(s));
      expect(unknown.code).toBe(1);
      expect(unknown.stderr.trimEnd().split("\n")).toEqual([
        expect.stringMatching(/^cert-sweep: UsageError: .*--frobnicate/),
        "Run cert-sweep --help for the commands and flags.",
      ]);

      const invalid = await certSweep(node, ["plan", "--concurrency", "lots"], against(s));
      expect(invalid.code).toBe(1);
      expect(invalid.stderr.trimEnd().split("\n")).toEqual([
        expect.stringMatching(/^cert-sweep: ConfigError: .*concurrency.*"lots"/i),
      ]);
      expect(`${unknown.stderr}${invalid.stderr}`).not.toMatch(/\n\s+at /);
      expect(`${unknown.stdout}${invalid.stdout}`).toBe("");
      expect(s.requests).toEqual([]);
    },
  );

  it.each(RUNTIMES)(
    "on %s: --help lists the settings and exit codes; --version",
    async (_l, major) => {
      const node = nodeOfMajor(major).path;
      const help = await certSweep(node, ["--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: cert-sweep <command> \[flags\]/);
      expect(help.stdout).toMatch(/--deactivate-within-days +DEACTIVATE_WITHIN_DAYS/);
      expect(help.stdout).toMatch(/--secret-id +OPENAI_ADMIN_KEY_SECRET_ID/);
      expect(help.stdout).toContain("Exit codes:");

      const version = await certSweep(node, ["--version"]);
      expect(version).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    },
  );

  // On a Node version the AWS SDK supports, it prints no NodeVersionSupportWarning: stderr is empty.
  it.each(RUNTIMES)(
    "on %s: reads the key from Secrets Manager with --secret-id, over the real AWS SDK, and warns of nothing",
    async (_l, major) => {
      const s = await startDemoSimulator();
      aws = await startAwsEndpoint({
        secrets: { [SECRET_NAME]: JSON.stringify({ OPENAI_ADMIN_KEY: KEY }) },
      });
      const { code, stderr } = await certSweep(
        nodeOfMajor(major).path,
        ["plan", "--secret-id", SECRET_NAME],
        {
          OPENAI_BASE_URL: s.url,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "AKIAE2ECLI",
          AWS_SECRET_ACCESS_KEY: "e2e-cli-secret",
          AWS_SESSION_TOKEN: "e2e-cli-session",
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
        },
      );

      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(aws.secretRequests).toEqual([SECRET_NAME]);
    },
  );
});

describe("npm start", () => {
  it("runs the demo: plan, apply and plan again, exiting 2, 0 and 0, and exits 0", async () => {
    const { code, stdout, stderr } = await run("npm", ["start"], {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
    });

    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect([...stdout.matchAll(/^\[exit code (\d)/gm)].map((m) => m[1])).toEqual(["2", "0", "0"]);
    expect(stdout).toMatch(/^\$ cert-sweep apply --yes$/m);
    expect(stdout).toMatch(/^(CRITICAL: .*; )?deactivated 3 certificates in 3 projects$/im);
    expect(stdout).toMatch(
      /^Partner API \(proj_partner_api\)\n(?: {2}.*\n)* {2}cert_partner_sftp_2025 .* held back, the last valid one/m,
    );
    expect(stdout).toMatch(/^Organization level\n {2}CERTIFICATE/m);
  }, 60_000);
});
