// What the CLI tests share: a terminal that records what the CLI writes and is asked, and
// simulators that are closed after each test.
import { createServer } from "node:net";
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { afterEach } from "vitest";
import type { CliIo } from "../../lib/cli/io.js";
import type { SimOrganization } from "../../lib/simulator/organization.js";
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../lib/simulator/server.js";
import { NOW_SECONDS } from "./org-builder.js";

export const CLI_KEY = "sk-admin-cli-test-5d0e7a13c9b24f68";

/** One write, in the order it happened across both streams. */
export interface Write {
  stream: "stdout" | "stderr";
  text: string;
}

export interface FakeTerminalOptions {
  env?: Record<string, string | undefined>;
  stdinIsTTY?: boolean;
  /** stdout is the terminal, unless redirected (default true, as for a person at a terminal). */
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** What the operator types, one line per question; a question beyond these fails the test. */
  answers?: string[];
  /** Instead of answering, the operator presses Ctrl-D or Ctrl-C: readline's AbortError message. */
  interrupt?: string;
  now?: () => number;
  secretReader?: CliIo["secretReader"];
  /** Every SNS Publish fails, as after the SDK's retries. */
  publishFails?: boolean;
  /** When the operator presses Ctrl-C for `cert-sweep simulator`; never, unless given. */
  interrupted?: Promise<void>;
}

/** A CliIo whose streams, questions and SNS publishes are recorded in memory. */
export function fakeTerminal(options: FakeTerminalOptions = {}) {
  const writes: Write[] = [];
  const prompts: { prompt: string; stdoutSoFar: string }[] = [];
  const published: { topicArn: string; input: PublishCommandInput }[] = [];
  const answers = [...(options.answers ?? [])];
  const text = (stream: Write["stream"]) =>
    writes
      .filter((w) => w.stream === stream)
      .map((w) => w.text)
      .join("");
  const io: CliIo = {
    env: options.env ?? {},
    stdout: (t) => writes.push({ stream: "stdout", text: t }),
    stderr: (t) => writes.push({ stream: "stderr", text: t }),
    stdinIsTTY: options.stdinIsTTY ?? false,
    stdoutIsTTY: options.stdoutIsTTY ?? true,
    stderrIsTTY: options.stderrIsTTY ?? false,
    readLine: async (prompt) => {
      prompts.push({ prompt, stdoutSoFar: text("stdout") });
      if (options.interrupt !== undefined) {
        throw Object.assign(new Error(options.interrupt), { name: "AbortError" });
      }
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${prompt}`);
      return answer;
    },
    secretReader:
      options.secretReader ??
      (() => async () => {
        throw new Error("this test reads no secret");
      }),
    snsPublisher: (topicArn) => async (input) => {
      if (options.publishFails) throw new Error("SNS is unreachable");
      published.push({ topicArn, input });
      return { MessageId: `msg-${published.length}` };
    },
    now: options.now ?? (() => NOW_SECONDS * 1000),
    version: "9.9.9-test",
    interrupted: () => options.interrupted ?? new Promise<void>(() => {}),
  };
  return {
    io,
    writes,
    prompts,
    published,
    stdout: () => text("stdout"),
    stderr: () => text("stderr"),
  };
}

export type FakeTerminal = ReturnType<typeof fakeTerminal>;

/** A `start` for a test file: each simulator it starts is closed after its test. */
export function simulatorPerTest(): (
  organization: SimOrganization,
  options?: Omit<SimulatorOptions, "organization" | "adminKey">,
) => Promise<Simulator> {
  const running: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
  });
  return async (organization, options = {}) => {
    const sim = await startSimulator({ adminKey: CLI_KEY, organization, ...options });
    running.push(sim);
    return sim;
  };
}

/** The deactivations the simulator was asked for. */
export const posts = (sim: Simulator) => sim.requests.filter((r) => r.method === "POST");

/** A loopback URL where nothing listens (the port was just freed). */
export async function closedBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
