// One platform, stated in several files: the Lambda runtime (serverless.yml), the bundles'
// esbuild targets and `engines` (package.json), the Node the toolchain runs on and the Node types
// the code is checked against. A change to one without the others fails here.
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
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

describe.runIf(PINNED_NODES_INSTALL)("on linux-x64, where npm installs the pinned Node", () => {
  // Both pinned packages provide a `node` bin; npm links the first in path order, which must be
  // the toolchain's. Every npm script finds `node` there first on its PATH.
  it("links the toolchain's Node as node_modules/.bin/node", () => {
    expect(realpathSync(join(ROOT, "node_modules/.bin/node"))).toBe(
      realpathSync(PLATFORM.toolchainNode.path),
    );
    const version = execFileSync(PLATFORM.toolchainNode.path, ["--version"], { encoding: "utf8" });
    expect(version.trim()).toBe(`v${PLATFORM.toolchainNode.version}`);
  });

  it("gives npm scripts (npm test, npm start, npm run bench) that Node", () => {
    const version = execFileSync("npm", ["exec", "--offline", "--", "node", "--version"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(version.trim()).toBe(`v${PLATFORM.toolchainNode.version}`);
    if (process.env.npm_lifecycle_event !== undefined) {
      expect(process.version).toBe(`v${PLATFORM.toolchainNode.version}`);
    }
  });

  it("installs the oldest supported Node beside it", () => {
    const version = execFileSync(PLATFORM.oldestCliNode.path, ["--version"], { encoding: "utf8" });
    expect(version.trim()).toBe(`v${PLATFORM.oldestCliNode.version}`);
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
