// `cert-sweep apply` on a real terminal: the built bin in a pseudo-terminal (util-linux `script`),
// stdout redirected to a file as in `cert-sweep apply > out.txt`, answered as a person would.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import { type Simulator, startSimulator } from "../../lib/simulator/server.js";
import { builtCliBin } from "../support/cli-bin.js";
import { nodeOfMajor, PLATFORM } from "../support/platform.js";

const KEY = "sk-admin-e2e-terminal-5c1e9a7f3b2d";
const QUESTION = "Only 'yes' will be accepted: ";
const CANCELLED = "Apply cancelled: nothing was deactivated.";
// A terminal's cursor and erase sequences (the progress line's clearing, readline's cursor moves).
const ANSI_CONTROL = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");

let cli = { bin: "", remove: () => {} };
let scratch = "";
let sim: Simulator | undefined;

beforeAll(() => {
  cli = builtCliBin();
  scratch = mkdtempSync(join(tmpdir(), "cert-sweep-terminal-"));
}, 120_000);

afterAll(() => {
  cli.remove();
  rmSync(scratch, { recursive: true, force: true });
});

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface Session {
  code: number | null;
  /** What the terminal showed, its cursor moves left out; a line ends in \r\n, or \r\r\n after an echoed Enter. */
  screen: string;
  /** What went to the redirected stdout. */
  file: string;
}

/**
 * `cert-sweep apply > out.txt` in a pseudo-terminal; `keys` are typed once the question shows.
 * `script -e` exits with the command's code; `-q` adds nothing to what the terminal shows.
 */
function applyOnTerminal(s: Simulator, keys: string): Promise<Session> {
  const node = nodeOfMajor(PLATFORM.lambdaRuntimeMajor).path;
  const out = join(scratch, `out-${Date.now()}.txt`);
  const command = `exec '${node}' '${cli.bin}' apply > '${out}'`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], {
      env: {
        PATH: process.env.PATH ?? "",
        SHELL: "/bin/sh",
        TERM: "dumb",
        OPENAI_ADMIN_KEY: KEY,
        OPENAI_BASE_URL: s.url,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    let typed = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      screen += chunk;
      if (!typed && screen.includes(QUESTION)) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        screen: screen.replace(ANSI_CONTROL, ""),
        file: readFileSync(out, "utf8"),
      }),
    );
  });
}

const posts = (s: Simulator) => s.requests.filter((r) => r.method === "POST");

async function demo(): Promise<Simulator> {
  sim = await startSimulator({
    adminKey: KEY,
    organization: demoOrganization(Math.floor(Date.now() / 1000)),
  });
  return sim;
}

describe("cert-sweep apply on a terminal, stdout redirected to a file", () => {
  it("shows the plan on the terminal, and a no changes nothing, writes nothing to the file and exits 1", async () => {
    const s = await demo();
    const { code, screen, file } = await applyOnTerminal(s, "no\r");

    expect(code).toBe(1);
    expect(screen).toContain("cert_payments_gateway_2025");
    expect(screen).toContain(
      "awaiting confirmation: would deactivate 3 certificates in 3 projects",
    );
    expect(screen).toMatch(new RegExp(`${QUESTION}no\\r*\\n${CANCELLED}\\r*\\n$`));
    expect(file).toBe("");
    expect(posts(s)).toEqual([]);
  });

  it("after a yes, deactivates, puts the tables in the file and the outcome on the terminal", async () => {
    const s = await demo();
    const { code, screen, file } = await applyOnTerminal(s, "yes\r");

    expect(code).toBe(0);
    expect(screen).toMatch(
      new RegExp(
        `${QUESTION}yes\\r*\\nCRITICAL: 1 certificate held back as the last valid one; deactivated 3 certificates in 3 projects\\r*\\n$`,
      ),
    );
    expect(file).toMatch(/cert_payments_gateway_2025 .+ deactivated$/m);
    expect(posts(s).length).toBeGreaterThan(0);
  });

  it("on Ctrl-D, ends the prompt's line, says so in one line and exits 1, changing nothing", async () => {
    const s = await demo();
    const { code, screen, file } = await applyOnTerminal(s, "\x04");

    expect(code).toBe(1);
    expect(screen).toMatch(new RegExp(`${QUESTION}\\r*\\n${CANCELLED}\\r*\\n$`));
    expect(file).toBe("");
    expect(posts(s)).toEqual([]);
  });

  it("on Ctrl-C, ends the prompt's line, says so in one line and exits 130, changing nothing", async () => {
    const s = await demo();
    const { code, screen, file } = await applyOnTerminal(s, "\x03");

    expect(code).toBe(130);
    // The question's line ends, then one line: no blank line, nothing printed again.
    expect(screen).toMatch(new RegExp(`${QUESTION}\\r*\\n${CANCELLED}\\r*\\n$`));
    expect(screen.match(/cert_payments_gateway_2025/g)).toHaveLength(2);
    expect(file).toBe("");
    expect(posts(s)).toEqual([]);
  });
});
