// The configuration: the environment's variables, validated, as slices each layer takes whole.

export { describeVariable } from "./describe.js";
export { ConfigError, issueText } from "./error.js";
export { parseConfig } from "./parse.js";
export { type AdminKeySource, CONFIG_VARIABLES, type Config } from "./schema.js";
