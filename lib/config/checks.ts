// The rules that tie variables together, and the deployed function's stricter ones, as data.
import type { ConfigIssue } from "./error.js";
import type { Variables } from "./schema.js";

interface Rule {
  holds: (c: Variables) => boolean;
  /** The problem, with the values it is about: the one to change as `value`, the others inline. */
  issue: (c: Variables) => ConfigIssue;
}

const shown = (value: unknown) => JSON.stringify(value);

const ACROSS: readonly Rule[] = [
  // Filed under the secret: the variable a deployed function is meant to set.
  {
    holds: (c) =>
      (c.OPENAI_ADMIN_KEY_SECRET_ID === undefined) !== (c.OPENAI_ADMIN_KEY === undefined),
    issue: () => ({
      variable: "OPENAI_ADMIN_KEY_SECRET_ID",
      accepted:
        "set exactly one of {OPENAI_ADMIN_KEY_SECRET_ID} (deployed) or {OPENAI_ADMIN_KEY} (local runs)",
    }),
  },
  {
    holds: (c) => c.WARN_WITHIN_DAYS >= c.DEACTIVATE_WITHIN_DAYS,
    issue: (c) => ({
      variable: "WARN_WITHIN_DAYS",
      accepted: `must be at least {DEACTIVATE_WITHIN_DAYS}, which is ${c.DEACTIVATE_WITHIN_DAYS}`,
      value: shown(c.WARN_WITHIN_DAYS),
    }),
  },
  {
    holds: (c) => !c.INCLUDE_PROJECTS?.some((id) => c.EXCLUDE_PROJECTS?.includes(id)),
    issue: (c) => ({
      variable: "INCLUDE_PROJECTS",
      accepted: `a project cannot be in both {INCLUDE_PROJECTS} and {EXCLUDE_PROJECTS} (both name ${c.INCLUDE_PROJECTS?.filter((id) => c.EXCLUDE_PROJECTS?.includes(id)).join(", ")})`,
    }),
  },
  {
    holds: (c) =>
      !c.WARN_TIERS_DAYS?.some(
        (tier) => tier <= c.DEACTIVATE_WITHIN_DAYS || tier > c.WARN_WITHIN_DAYS,
      ),
    issue: (c) => ({
      variable: "WARN_TIERS_DAYS",
      accepted: `each of {WARN_TIERS_DAYS} must be more than {DEACTIVATE_WITHIN_DAYS} (${c.DEACTIVATE_WITHIN_DAYS}) and at most {WARN_WITHIN_DAYS} (${c.WARN_WITHIN_DAYS})`,
      value: shown(c.WARN_TIERS_DAYS?.join(",")),
    }),
  },
];

// A report that reaches no one, or a key in a plain environment variable, is a deployment mistake
// in the Lambda (both are fine for `npm start`).
const DEPLOYED: readonly Rule[] = [
  {
    holds: (c) => c.SNS_TOPIC_ARN !== undefined,
    issue: () => ({
      variable: "SNS_TOPIC_ARN",
      accepted: "must be set for the deployed function, or its reports reach no one",
    }),
  },
  {
    holds: (c) => c.OPENAI_ADMIN_KEY_SECRET_ID !== undefined,
    issue: () => ({
      variable: "OPENAI_ADMIN_KEY",
      accepted:
        "the deployed function reads the key from {OPENAI_ADMIN_KEY_SECRET_ID}; {OPENAI_ADMIN_KEY} is for local runs only",
    }),
  },
];

const broken = (rules: readonly Rule[], c: Variables) =>
  rules.filter((rule) => !rule.holds(c)).map((rule) => rule.issue(c));

/** The cross-variable problems; once there are none, the deployed rules' when `deployed`. */
export function crossIssues(c: Variables, deployed: boolean): ConfigIssue[] {
  const across = broken(ACROSS, c);
  return across.length > 0 || !deployed ? across : broken(DEPLOYED, c);
}
