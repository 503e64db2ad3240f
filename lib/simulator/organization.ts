// State model of the simulated OpenAI Admin API and the operations behind its endpoints.
// Kept free of HTTP so the rules (pagination, atomic toggles) read as plain functions.
// Response shapes follow /work/shared/openapi/openai-admin-certificates.openapi.json.

export interface SimCertificate {
  id: string;
  name: string | null;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds. */
  valid_at?: number;
  /** Served verbatim inside certificate_details; tests seed odd values (missing, null, a string, milliseconds) on purpose. */
  expires_at?: unknown;
}

export interface SimProject {
  id: string;
  name: string | null;
  created_at: number;
  /** Archived when not null; status is "archived" then, else "active". */
  archived_at: number | null;
}

export interface SimOrganization {
  certificates: SimCertificate[];
  projects: SimProject[];
  /** Certificate ids active at organization level. */
  orgActive: string[];
  /** Project id -> certificate ids active in that project. */
  projectActive: Record<string, string[]>;
}

/** A failed call; the server turns it into the spec's ErrorResponse with this status. */
export class SimApiError extends Error {
  override name = "SimApiError";
  readonly status: number;
  readonly param: string | null;
  readonly code: string | null;
  readonly type: string;
  constructor(
    status: number,
    message: string,
    param: string | null = null,
    code: string | null = null,
    type = "invalid_request_error",
  ) {
    super(message);
    this.status = status;
    this.param = param;
    this.code = code;
    this.type = type;
  }
}

type Query = Readonly<Record<string, string>>;
type Identified = { id: string; created_at: number };

// The spec: "Limit can range between 1 and 100, and the default is 20."
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
// The spec's ToggleCertificatesRequest: minItems 1, maxItems 10.
const MAX_TOGGLE_IDS = 10;

/** A 400 naming the offending parameter, as OpenAI's validation errors do. */
function badParam(param: string, code: string, message: string): SimApiError {
  return new SimApiError(400, message, param, code);
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^-?\d+$/.test(raw)) {
    throw badParam(
      "limit",
      "invalid_type",
      `Invalid type for 'limit': expected an integer, got '${raw}'.`,
    );
  }
  const limit = Number(raw);
  if (limit < 1)
    throw badParam("limit", "integer_below_min_value", `Invalid 'limit': ${raw} is below 1.`);
  if (limit > MAX_LIMIT) {
    throw badParam(
      "limit",
      "integer_above_max_value",
      `Invalid 'limit': ${raw} is above ${MAX_LIMIT}.`,
    );
  }
  return limit;
}

function parseChoice<T extends string>(
  query: Query,
  param: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = query[param];
  if (raw === undefined) return fallback;
  const choice = choices.find((candidate) => candidate === raw);
  if (choice === undefined) {
    const supported = choices.map((value) => `'${value}'`).join(", ");
    throw badParam(
      param,
      "invalid_value",
      `Invalid '${param}': '${raw}'; supported: ${supported}.`,
    );
  }
  return choice;
}

/** Ascending by created_at, ties broken by id so pages are stable. */
function byCreation(a: Identified, b: Identified): number {
  return a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One page of an already ordered list; `after` must name an item of that list. */
function paginate<T extends Identified>(
  items: readonly T[],
  query: Query,
  view: (item: T) => object,
) {
  const limit = parseLimit(query.limit);
  let start = 0;
  if (query.after !== undefined) {
    const index = items.findIndex((item) => item.id === query.after);
    if (index < 0)
      throw badParam(
        "after",
        "invalid_value",
        `Invalid 'after': '${query.after}' is not in this list.`,
      );
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  return {
    object: "list",
    data: page.map(view),
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
    has_more: start + limit < items.length,
  };
}

function certificateView(cert: SimCertificate, object: string, active: boolean) {
  // The spec lists valid_at/expires_at as optional: only send what is set.
  const details: Record<string, unknown> = {};
  if (cert.valid_at !== undefined) details.valid_at = cert.valid_at;
  if (cert.expires_at !== undefined) details.expires_at = cert.expires_at;
  return {
    object,
    id: cert.id,
    name: cert.name,
    created_at: cert.created_at,
    certificate_details: details,
    active,
  };
}

function orderedCertificates(org: SimOrganization, query: Query): SimCertificate[] {
  const order = parseChoice(query, "order", ["asc", "desc"], "desc");
  const sorted = [...org.certificates].sort(byCreation);
  return order === "asc" ? sorted : sorted.reverse();
}

function requireProject(org: SimOrganization, projectId: string): SimProject {
  const project = org.projects.find((candidate) => candidate.id === projectId);
  if (project) return project;
  throw new SimApiError(404, `No project found with id '${projectId}'.`, "project_id", "not_found");
}

/** GET /organization/certificates */
export function listOrganizationCertificates(org: SimOrganization, query: Query) {
  const active = new Set(org.orgActive);
  return paginate(orderedCertificates(org, query), query, (cert) =>
    certificateView(cert, "organization.certificate", active.has(cert.id)),
  );
}

/** GET /organization/projects: oldest first, archived ones only on request. */
export function listProjects(org: SimOrganization, query: Query) {
  const includeArchived =
    parseChoice(query, "include_archived", ["true", "false"], "false") === "true";
  const projects = org.projects
    .filter((project) => includeArchived || project.archived_at === null)
    .sort(byCreation);
  return paginate(projects, query, (project) => ({
    id: project.id,
    object: "organization.project",
    name: project.name,
    created_at: project.created_at,
    archived_at: project.archived_at,
    status: project.archived_at === null ? "active" : "archived",
  }));
}

/** GET /organization/projects/{project_id}/certificates: every org certificate, flagged for this project. */
export function listProjectCertificates(org: SimOrganization, projectId: string, query: Query) {
  requireProject(org, projectId);
  const active = new Set(org.projectActive[projectId] ?? []);
  return paginate(orderedCertificates(org, query), query, (cert) =>
    certificateView(cert, "organization.project.certificate", active.has(cert.id)),
  );
}

/** Checks a ToggleCertificatesRequest body; published examples wrongly send `data`, which is rejected. */
export function parseCertificateIds(body: unknown): string[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SimApiError(400, "The request body must be a JSON object.", null, "invalid_type");
  }
  const param = "certificate_ids";
  if (!(param in body)) {
    throw badParam(param, "missing_required_parameter", `Missing required parameter: '${param}'.`);
  }
  const unknown = Object.keys(body).find((key) => key !== param);
  if (unknown !== undefined) {
    throw badParam(unknown, "unknown_parameter", `Unknown parameter: '${unknown}'.`);
  }
  const ids: unknown = body.certificate_ids;
  const invalid = (code: string, why: string) =>
    badParam(param, code, `Invalid '${param}': ${why}`);
  if (!Array.isArray(ids)) throw invalid("invalid_type", "expected an array of strings.");
  if (ids.length < 1) throw invalid("empty_array", "expected at least 1 id.");
  if (ids.length > MAX_TOGGLE_IDS) {
    throw invalid("array_above_max_length", `expected at most ${MAX_TOGGLE_IDS} ids.`);
  }
  const strings = ids.filter((id): id is string => typeof id === "string" && id.length > 0);
  if (strings.length !== ids.length)
    throw invalid("invalid_type", "ids must be non-empty strings.");
  const duplicate = strings.find((id, index) => strings.indexOf(id) !== index);
  if (duplicate !== undefined) throw invalid("duplicate_value", `'${duplicate}' is repeated.`);
  return strings;
}

/** POST /organization/projects/{project_id}/certificates/{activate,deactivate}: all or nothing, idempotent. */
export function setProjectCertificatesActive(
  org: SimOrganization,
  projectId: string,
  body: unknown,
  active: boolean,
) {
  requireProject(org, projectId);
  const ids = parseCertificateIds(body);
  const byId = new Map(org.certificates.map((cert) => [cert.id, cert]));
  const certs = ids.flatMap((id) => byId.get(id) ?? []);
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const message = `No certificate found with id(s): ${unknown.join(", ")}.`;
    throw new SimApiError(404, message, "certificate_ids", "not_found");
  }
  // Validation is complete before this point, which is what makes the call atomic.
  const current = new Set(org.projectActive[projectId] ?? []);
  for (const id of ids) {
    if (active) current.add(id);
    else current.delete(id);
  }
  org.projectActive[projectId] = [...current];
  return {
    object: `organization.project.certificate.${active ? "activation" : "deactivation"}`,
    data: certs.map((cert) => certificateView(cert, "organization.project.certificate", active)),
  };
}
