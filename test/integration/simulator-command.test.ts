// `cert-sweep simulator`: the demo organization on loopback until Ctrl-C, for plan and an
// interactive apply from another shell.
import { describe, expect, it } from "vitest";
import { runCli } from "../../lib/cli/run-cli.js";
import { fakeTerminal } from "../support/cli.js";
import { deferred } from "../support/deferred.js";

/** Waits until `read()` holds a line matching `pattern`, and returns its first group. */
async function lineOf(read: () => string, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const match = pattern.exec(read());
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no line matching ${pattern} in:\n${read()}`);
}

describe("cert-sweep simulator", () => {
  it("prints what to export, serves plan and an interactive apply, and stops on Ctrl-C", async () => {
    const stop = deferred<void>();
    const server = fakeTerminal({ interrupted: stop.promise, now: Date.now });
    const serving = runCli(["simulator", "--port", "0", "--extra-projects", "3"], server.io);
    const baseUrl = await lineOf(server.stdout, /^export OPENAI_BASE_URL=(\S+)$/m);
    const adminKey = await lineOf(server.stdout, /^export OPENAI_ADMIN_KEY=(\S+)$/m);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(server.stdout()).toContain("(9 projects, 9 certificates)");

    const env = { OPENAI_BASE_URL: baseUrl, OPENAI_ADMIN_KEY: adminKey };
    const plan = fakeTerminal({ env, now: Date.now });
    expect(await runCli(["plan", "--detailed-exitcode"], plan.io)).toBe(2);
    const apply = fakeTerminal({ env, now: Date.now, stdinIsTTY: true, answers: ["yes"] });
    expect(await runCli(["apply"], apply.io)).toBe(0);
    expect(apply.prompts[0]?.prompt).toContain("Deactivate 3 certificate(s) in 3 project(s)?");

    stop.resolve();
    expect(await serving).toBe(0);
    expect(server.stdout()).toMatch(/Stopped the simulator after \d+ requests\.\n$/);
    // Closed: the port no longer answers.
    await expect(fetch(`${baseUrl}/organization/certificates`)).rejects.toThrow();
  });

  it("refuses a port that is not one, and simulator flags on other commands", async () => {
    const bad = fakeTerminal();
    expect(await runCli(["simulator", "--port", "70000"], bad.io)).toBe(1);
    expect(bad.stderr()).toContain("--port must be a whole number from 0 to 65535");
    const misplaced = fakeTerminal();
    expect(await runCli(["plan", "--latency-ms", "5"], misplaced.io)).toBe(1);
    expect(misplaced.stderr()).toContain("--latency-ms is for the simulator command");
  });
});
