// Checks HTTP requests and responses against the shared OpenAPI document (a copy of
// ../shared/openapi/openai-admin-certificates.openapi.json, the subset of OpenAI's published spec).
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";

const SPEC_ID = "openai-admin-certificates.openapi.json";

interface Parameter {
  name: string;
  in: "query" | "path";
  schema: { type?: string; enum?: string[]; items?: { type?: string; enum?: string[] } };
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: { "application/json": { schema: { $ref: string } } } };
  responses: Record<
    string,
    { $ref?: string; content?: { "application/json": { schema: { $ref: string } } } }
  >;
}
interface Spec {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    responses: Record<string, { content: { "application/json": { schema: { $ref: string } } } }>;
  };
}

const spec = JSON.parse(readFileSync(new URL(`./${SPEC_ID}`, import.meta.url), "utf8")) as Spec;

// The document is OpenAPI, not plain JSON Schema: its x- keywords and `format: unixtime` are
// annotations, so strict mode and format checks are off; `$ref`s resolve inside the document.
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(spec, SPEC_ID);

/** Validates `value` against a `#/components/...` reference; returns the errors (empty when valid). */
export function validateRef(ref: string, value: unknown): string[] {
  const validate = ajv.getSchema(`${SPEC_ID}${ref}`);
  if (!validate) throw new Error(`no schema at ${ref}`);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

/** The operation a method and path (including the /v1 server prefix) map to, with its path parameters. */
function findOperation(method: string, path: string) {
  const prefix = new URL(spec.servers[0]?.url ?? "").pathname;
  if (!path.startsWith(`${prefix}/`)) return undefined;
  const rest = path.slice(prefix.length);
  for (const [template, operations] of Object.entries(spec.paths)) {
    const names: string[] = [];
    const pattern = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    const match = new RegExp(`^${pattern}$`).exec(rest);
    const operation = operations[method.toLowerCase()];
    if (match && operation) {
      const params = Object.fromEntries(
        names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? "")]),
      );
      return { template, operation, params };
    }
  }
  return undefined;
}

/** Problems with one request against its operation: unknown path, query parameters, body. */
export function requestProblems(request: {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}): string[] {
  const found = findOperation(request.method, request.path);
  if (!found) return [`${request.method} ${request.path} is not in the spec`];
  const problems: string[] = [];
  const declared = new Map(
    (found.operation.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, p]),
  );
  for (const [name, value] of Object.entries(request.query)) {
    // An array parameter goes in the brackets form the spec's own examples use: include[]=content.
    const array = name.endsWith("[]") ? declared.get(name.slice(0, -2)) : undefined;
    const parameter = array?.schema.type === "array" ? array : declared.get(name);
    if (!parameter) problems.push(`query parameter ${name} is not declared`);
    else if (parameter.schema.type === "array" && !name.endsWith("[]"))
      problems.push(`array parameter ${name} is not sent as ${name}[]`);
    else problems.push(...queryValueProblems(parameter, value));
  }
  for (const [name, value] of Object.entries(found.params)) {
    if (value === "") problems.push(`path parameter ${name} is empty`);
  }
  const bodySchema = found.operation.requestBody?.content["application/json"].schema.$ref;
  if (bodySchema) problems.push(...validateRef(bodySchema, request.body).map((e) => `body ${e}`));
  else if (request.body !== undefined)
    problems.push("a body was sent to an operation that takes none");
  return problems;
}

function queryValueProblems(parameter: Parameter, value: string): string[] {
  const { type, enum: allowed } = parameter.schema.items ?? parameter.schema;
  if (type === "integer" && !/^-?\d+$/.test(value))
    return [`${parameter.name}=${value} is not an integer`];
  // The spec's description: "Limit can range between 1 and 100".
  if (parameter.name === "limit" && (Number(value) < 1 || Number(value) > 100))
    return [`limit=${value} is out of 1..100`];
  if (type === "boolean" && value !== "true" && value !== "false")
    return [`${parameter.name}=${value} is not a boolean`];
  if (allowed && !allowed.includes(value))
    return [`${parameter.name}=${value} is not one of ${allowed.join(", ")}`];
  return [];
}

/** The schema reference of an operation's 200 response. */
export function successSchema(method: string, path: string): string {
  const ref = findOperation(method, path)?.operation.responses["200"]?.content?.["application/json"]
    .schema.$ref;
  if (!ref) throw new Error(`no 200 schema for ${method} ${path}`);
  return ref;
}

export const ERROR_RESPONSE = "#/components/schemas/ErrorResponse";
