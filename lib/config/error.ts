// What is wrong with a configuration, as data: the CLI names its flags where a variable came from
// one, without rewriting any text.

/** One problem with the configuration. */
export interface ConfigIssue {
  /** The variable to change. */
  variable: string;
  /**
   * What is accepted, as a template: `{NAME}` stands for the variable NAME however the caller
   * names it. Without `{variable}` in it, it follows the variable's name ("CONCURRENCY must be…").
   */
  accepted: string;
  /** The value as it was set, quoted and redacted; absent for the admin key itself. */
  value?: string;
}

/** How the caller names a variable: the environment's name, or the CLI's flag. */
export type NameOf = (variable: string) => string;

const asVariable: NameOf = (variable) => variable;

/** An issue as one clause, such as `CONCURRENCY must be a whole number from 1 to 20 (got "0")`. */
export function issueText(issue: ConfigIssue, nameOf: NameOf = asVariable): string {
  const template = issue.accepted.includes(`{${issue.variable}}`)
    ? issue.accepted
    : `{${issue.variable}} ${issue.accepted}`;
  const text = template.replace(/\{([A-Z][A-Z0-9_]*)\}/g, (_, name: string) => nameOf(name));
  return issue.value === undefined ? text : `${text} (got ${issue.value})`;
}

/** The configuration is missing or malformed; `issues` says which variable and what it accepts. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly issues: readonly ConfigIssue[];

  /** `message` defaults to "Invalid configuration: " and every issue, naming variables by `nameOf`. */
  constructor(issues: readonly ConfigIssue[], options: { nameOf?: NameOf; message?: string } = {}) {
    const { nameOf = asVariable } = options;
    super(
      options.message ??
        `Invalid configuration: ${issues.map((issue) => issueText(issue, nameOf)).join("; ")}`,
    );
    this.issues = issues;
  }
}
