import type { Publish, ReadSecret } from "../aws.js";

/** Everything the CLI touches outside itself, passed in (functions/cli.ts gives the real ones). */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /**
   * Shows `prompt` and reads one line typed on the terminal. Ctrl-C or Ctrl-D rejects, with the
   * prompt's line ended (Node's readline ends it), so what follows starts on a line of its own.
   */
  readLine: (prompt: string) => Promise<string>;
  /** A reader for a Secrets Manager secret (--secret-id). */
  secretReader: (secretId: string) => ReadSecret;
  /** A publisher to an SNS topic (--sns-topic-arn). */
  snsPublisher: (topicArn: string) => Publish;
  now: () => number;
  version: string;
  /** Resolves when the operator presses Ctrl-C (SIGINT): how `cert-sweep simulator` stops. */
  interrupted: () => Promise<void>;
}
