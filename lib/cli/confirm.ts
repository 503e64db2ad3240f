// The question `cert-sweep apply` asks before it changes anything: the plan first, on the terminal
// the question is asked on, then one question, whose only yes is "yes".
import { headline } from "../report/headline.js";
import type { Report } from "../report/schema.js";
import type { CliArgs } from "./args.js";
import type { CliIo } from "./io.js";
import { renderTables } from "./table.js";

/** The confirmation of one apply, and whether the operator pressed Ctrl-C at it. */
export function confirmation(
  args: Pick<CliArgs, "json">,
  io: Pick<CliIo, "stdout" | "stderr" | "stdoutIsTTY" | "readLine">,
  progress: { clear(): void } | undefined,
): {
  confirm: (plan: Report) => Promise<boolean>;
  interrupted: () => boolean;
  /** Whether the plan was asked about on stderr, stdout going elsewhere: the outcome goes there too. */
  askedOnStderr: () => boolean;
} {
  let interrupted = false;
  let askedOnStderr = false;
  const confirm = async (plan: Report) => {
    progress?.clear();
    // Where the question is asked: with stdout redirected (> file, | tee) or given to JSON, the
    // plan goes to stderr, the terminal, so nobody is asked about a plan they cannot see.
    askedOnStderr = args.json || !io.stdoutIsTTY;
    (askedOnStderr ? io.stderr : io.stdout)(renderTables(plan, awaiting(plan)));
    const question = `\n${confirmQuestion(plan)} Only 'yes' will be accepted: `;
    // Ctrl-D at the question is a no; Ctrl-C too, and it ends the command as an interrupt.
    const answer = await io.readLine(question).catch((error: unknown) => {
      interrupted = error instanceof Error && /Ctrl\+C/.test(error.message);
      return "";
    });
    return answer.trim() === "yes";
  };
  return { confirm, interrupted: () => interrupted, askedOnStderr: () => askedOnStderr };
}

/** The plan's headline, saying that it awaits the answer (it is not a dry run). */
const awaiting = (plan: Report) =>
  headline(plan).replace(/\b([Dd])ry run: would /, (_, d: string) =>
    d === "D" ? "Awaiting confirmation: would " : "awaiting confirmation: would ",
  );

function confirmQuestion(plan: Report): string {
  const c = plan.counts;
  const what = [
    c.certificates_planned > 0
      ? `${c.certificates_planned} certificate(s) in ${c.projects_planned} project(s)`
      : "",
    c.organization_certificates_planned > 0
      ? `${c.organization_certificates_planned} at the organization level`
      : "",
  ]
    .filter(Boolean)
    .join(" and ");
  const critical =
    c.projects_without_valid_certificate > 0
      ? `, leaving ${c.projects_without_valid_certificate} project(s) without a valid certificate`
      : "";
  const first =
    c.activations_planned > 0
      ? `Activate ${c.activations_planned} replacement(s), then deactivate`
      : "Deactivate";
  return `${first} ${what}${critical}?`;
}
