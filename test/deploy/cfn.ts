import * as v from "valibot";

const ResourceSchema = v.looseObject({
  Type: v.string(),
  Properties: v.optional(v.record(v.string(), v.unknown()), {}),
  Condition: v.optional(v.string()),
  DependsOn: v.optional(v.union([v.string(), v.array(v.string())])),
});

/** The parts of a CloudFormation template the deployment tests read. */
export const TemplateSchema = v.looseObject({
  Parameters: v.optional(
    v.record(
      v.string(),
      v.looseObject({
        Type: v.string(),
        Default: v.optional(v.string()),
        AllowedPattern: v.optional(v.string()),
        AllowedValues: v.optional(v.array(v.string())),
        ConstraintDescription: v.optional(v.string()),
      }),
    ),
    {},
  ),
  Conditions: v.optional(v.record(v.string(), v.unknown()), {}),
  Resources: v.record(v.string(), ResourceSchema),
  Outputs: v.optional(
    v.record(v.string(), v.looseObject({ Value: v.unknown(), Condition: v.optional(v.string()) })),
    {},
  ),
});

export type Template = v.InferOutput<typeof TemplateSchema>;
export type Resource = v.InferOutput<typeof ResourceSchema>;

const StatementSchema = v.looseObject({
  Sid: v.optional(v.string()),
  Effect: v.picklist(["Allow", "Deny"]),
  Principal: v.optional(v.unknown()),
  Action: v.union([v.string(), v.array(v.string())]),
  Resource: v.optional(v.unknown()),
  Condition: v.optional(v.unknown()),
});

/** An IAM policy document (identity, resource, trust or key policy). */
export const PolicyDocumentSchema = v.object({
  Version: v.literal("2012-10-17"),
  Statement: v.array(StatementSchema),
});

export type Statement = v.InferOutput<typeof StatementSchema>;

/** `[name, argument]` of a single-key intrinsic function object such as `{ "Fn::If": [...] }`. */
export function intrinsic(node: unknown): [string | undefined, unknown] {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return [undefined, node];
  const keys = Object.keys(node);
  const key = keys[0];
  const isIntrinsic =
    keys.length === 1 &&
    key !== undefined &&
    (key === "Ref" || key === "Condition" || key.startsWith("Fn::"));
  return isIntrinsic ? [key, (node as Record<string, unknown>)[key]] : [undefined, node];
}

function refOf(node: unknown): string | undefined {
  const [fn, args] = intrinsic(node);
  return fn === "Ref" && typeof args === "string" ? args : undefined;
}

/** `{ Ref: id }`, as the template writes a reference to a resource. */
export const ref = (id: string) => ({ Ref: id });

/** `{ "Fn::GetAtt": [id, attribute] }`. */
export const getAtt = (id: string, attribute = "Arn") => ({ "Fn::GetAtt": [id, attribute] });

/** The one resource with this logical id and type. */
export function resource(template: Template, id: string, type: string): Resource {
  const found = template.Resources[id];
  if (found?.Type !== type) throw new Error(`No ${type} ${id} in the template`);
  return found;
}

/** The logical ids of every resource of a type. */
export function idsOfType(template: Template, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
}

/** A property parsed with a schema, so that a test reads typed data or fails saying where. */
export function property<S extends v.GenericSchema>(
  found: Resource,
  name: string,
  schema: S,
): v.InferOutput<S> {
  return v.parse(schema, found.Properties[name]);
}

/** Every statement of the IAM policies that grant permissions to a role: inline and attached. */
export function roleStatements(template: Template, roleId: string): Statement[] {
  const role = resource(template, roleId, "AWS::IAM::Role");
  const inline = v.parse(
    v.optional(
      v.array(v.object({ PolicyName: v.string(), PolicyDocument: PolicyDocumentSchema })),
      [],
    ),
    role.Properties.Policies,
  );
  const attached = Object.values(template.Resources).flatMap((r) => {
    const forRole = rolesOf(r).some((name) => refOf(name) === roleId);
    return forRole ? v.parse(PolicyDocumentSchema, r.Properties.PolicyDocument).Statement : [];
  });
  return [...inline.flatMap((p) => p.PolicyDocument.Statement), ...attached];
}

/** The roles a policy resource is attached to, as written. */
function rolesOf(policy: Resource): unknown[] {
  if (policy.Type === "AWS::IAM::RolePolicy") return [policy.Properties.RoleName];
  if (policy.Type === "AWS::IAM::Policy" || policy.Type === "AWS::IAM::ManagedPolicy") {
    return v.parse(v.optional(v.array(v.unknown()), []), policy.Properties.Roles);
  }
  return [];
}
