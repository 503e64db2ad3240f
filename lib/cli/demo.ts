import { randomBytes } from "node:crypto";
import { demoOrganization } from "../simulator/demo-org.js";
import { startSimulator } from "../simulator/server.js";
import type { CliArgs } from "./args.js";
import type { CliIo } from "./io.js";

const withoutUndefined = (record: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

type SweepCommand = (args: CliArgs, io: CliIo) => Promise<number>;

// What each exit code means, as the demo explains it.
const EXIT_TEXT: Record<number, string> = {
  0: "nothing to do, or all done",
  1: "failure",
  2: "the plan has changes",
};

// Settings that would point the demo away from its simulator or make apply refuse to run.
const NOT_FOR_THE_DEMO = [
  "OPENAI_ADMIN_KEY",
  "OPENAI_ADMIN_KEY_SECRET_ID",
  "OPENAI_BASE_URL",
  "DRY_RUN",
] as const;

/**
 * `cert-sweep demo` (npm start): the real commands, plan, apply --yes and plan again, against the
 * built-in Admin API simulator seeded with a demo organization. No account, key or network.
 * Other settings (flags or variables, e.g. DEACTIVATE_WITHIN_DAYS) apply as they would for real.
 * Returns 1 if a step failed, else 0.
 */
export async function runDemoCommand(
  args: CliArgs,
  io: CliIo,
  sweep: SweepCommand,
): Promise<number> {
  const adminKey = `sk-admin-demo-${randomBytes(16).toString("hex")}`;
  const organization = demoOrganization(Math.floor(io.now() / 1000));
  const simulator = await startSimulator({ adminKey, organization });
  try {
    const env: Record<string, string | undefined> = { ...io.env };
    for (const name of NOT_FOR_THE_DEMO) env[name] = undefined;
    env.OPENAI_ADMIN_KEY = adminKey;
    env.OPENAI_BASE_URL = simulator.url;
    const settings = { ...args.settings };
    for (const name of NOT_FOR_THE_DEMO) delete settings[name];
    io.stdout(
      `A demo organization (${organization.projects.length} projects, ${organization.certificates.length} certificates) on the built-in OpenAI Admin API simulator at ${simulator.url}.\nOPENAI_BASE_URL and OPENAI_ADMIN_KEY point there for these three commands.\n`,
    );
    const codes: number[] = [];
    for (const command of ["plan", "apply", "plan"] as const) {
      const yes = command === "apply";
      // plan with --detailed-exitcode, so that its exit code shows whether it found changes.
      const detailed = command === "plan";
      io.stdout(
        `\n$ cert-sweep ${command}${yes ? " --yes" : ""}${detailed ? " --detailed-exitcode" : ""}${args.json ? " --json" : ""}\n`,
      );
      const before = simulator.requests.length;
      // Only apply's report goes to a topic: a dry run of a demo is nobody's news.
      const stepEnv = yes ? env : { ...env, SNS_TOPIC_ARN: undefined };
      const stepSettings = yes ? settings : { ...settings, SNS_TOPIC_ARN: undefined };
      const code = await sweep(
        {
          ...args,
          command,
          yes,
          detailedExitcode: detailed,
          settings: withoutUndefined(stepSettings),
        },
        { ...io, env: stepEnv },
      );
      const calls = simulator.requests.slice(before);
      const posts = calls.filter((r) => r.method === "POST");
      const activations = posts.filter((r) => r.path.endsWith("/activate")).length;
      const writes = `${posts.length - activations} of them deactivations${activations > 0 ? `, ${activations} activation${activations === 1 ? "" : "s"}` : ""}`;
      io.stdout(
        `[exit code ${code}: ${EXIT_TEXT[code] ?? "unexpected"}; ${calls.length} Admin API requests, ${writes}]\n`,
      );
      codes.push(code);
    }
    return codes.includes(1) ? 1 : 0;
  } finally {
    await simulator.close();
  }
}
