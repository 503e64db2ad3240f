// The configuration: the environment's variables, validated, as slices each layer takes whole.

export { describeVariable } from "./describe.js";
export { ConfigError, type ConfigIssue, issueText } from "./error.js";
export { checkVariable, parseConfig } from "./parse.js";
export { type AdminKeySource, CONFIG_VARIABLES, type Config } from "./schema.js";
