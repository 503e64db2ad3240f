// The deployment's check, as the framework calls it. `npm run build` bundles this file into
// dist/deploy/settings.cjs, and serverless.yml's custom.deployCheck is
// `${file(./dist/deploy/settings.cjs):checkedSettings}`: osls (like Serverless v3) resolves that by
// calling the exported function with a `resolveVariable`, while it resolves the configuration and
// before it packages anything or calls AWS. So `osls package` and `osls deploy` (and the npm scripts
// that run them) stop at a bad param with one line naming it, before CloudFormation sees anything.
import { ConfigError } from "../lib/config/index.js";
import { CHECKED_PARAMS, type CheckedSettings, checkDeployment } from "../lib/deploy/index.js";

/** What osls passes to a function it resolves a `${file(…)}` variable with (the part used here). */
interface VariableSource {
  resolveVariable: (variable: string) => Promise<unknown>;
}

/** The params as serverless.yml and --param set them, checked; the derived ones filled in. */
export async function checkedSettings({
  resolveVariable,
}: VariableSource): Promise<CheckedSettings> {
  const params: Record<string, unknown> = {};
  for (const param of CHECKED_PARAMS) {
    // Only the secret's ARN has no default in serverless.yml: unset, it is "" (fine to package).
    const fallback = param === "adminKeySecretArn" ? ", ''" : "";
    // As the YAML gives it: an unquoted true or 4 is refused, as the template would carry it.
    params[param] = await resolveVariable(`param:${param}${fallback}`);
  }
  try {
    return checkDeployment(params);
  } catch (error) {
    // osls prints a failed function's stack: the message alone keeps it to one line.
    if (error instanceof ConfigError) error.stack = error.message;
    throw error;
  }
}
