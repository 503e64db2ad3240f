// What is wrong with a configuration, as data: the CLI names its flags where a variable came from
// one, without rewriting any text.

/** One problem with the configuration. */
export interface ConfigIssue {
  /** The variable to change; empty for a problem with the configuration as a whole. */
  variable: string;
  /**
   * What is accepted, as a template: `{NAME}` stands for the variable NAME however the caller
   * names it. A template that does not name the issue's own variable follows that variable's name
   * ("CONCURRENCY must be…").
   */
  accepted: string;
  /**
   * The value as it was set, quoted and redacted; absent for the admin key itself. It goes where
   * the template says `{value}`, else after it ("(got …)"), and is never read as a template.
   */
  value?: string;
}

/** How the caller names a variable: the environment's name, or the CLI's flag. */
export type NameOf = (variable: string) => string;

const asVariable: NameOf = (variable) => variable;

/** An issue as one clause, such as `CONCURRENCY must be a whole number from 1 to 20 (got "0")`. */
export function issueText(issue: ConfigIssue, nameOf: NameOf = asVariable): string {
  const named = issue.variable === "" || issue.accepted.includes(`{${issue.variable}}`);
  const template = named ? issue.accepted : `{${issue.variable}} ${issue.accepted}`;
  const text = template.replace(/\{([A-Z][A-Z0-9_]*)\}/g, (_, name: string) => nameOf(name));
  const { value } = issue;
  if (value === undefined) return text;
  return text.includes("{value}") ? text.replace("{value}", () => value) : `${text} (got ${value})`;
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
