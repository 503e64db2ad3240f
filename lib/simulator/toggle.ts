// The write endpoints: activating and deactivating certificates in a project or the organization.
import { badParam, SimApiError } from "./api-error.js";
import { certificateView } from "./certificate-view.js";
import type { SimOrganization } from "./organization.js";
import { requireProject } from "./require-project.js";

// The spec's ToggleCertificatesRequest: minItems 1, maxItems 10.
const MAX_TOGGLE_IDS = 10;

/** Checks a ToggleCertificatesRequest body; published examples wrongly send `data`, which is rejected. */
function parseCertificateIds(body: unknown): string[] {
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

/** The certificates named by `ids`, in request order; any unknown id fails the whole call with 404. */
function requireCertificates(org: SimOrganization, ids: readonly string[]) {
  const byId = new Map(org.certificates.map((cert) => [cert.id, cert]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const message = `No certificate found with id(s): ${unknown.join(", ")}.`;
    throw new SimApiError(404, message, "certificate_ids", "not_found");
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** `active` ids with `ids` added (activate) or removed (deactivate); a repeat is a no-op. */
function toggled(active: readonly string[], ids: readonly string[], on: boolean): string[] {
  const current = new Set(active);
  for (const id of ids) {
    if (on) current.add(id);
    else current.delete(id);
  }
  return [...current];
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
  const certs = requireCertificates(org, ids);
  // Validation is complete before this point, which is what makes the call atomic.
  org.projectActive[projectId] = toggled(org.projectActive[projectId] ?? [], ids, active);
  return {
    object: `organization.project.certificate.${active ? "activation" : "deactivation"}`,
    data: certs.map((cert) => certificateView(cert, "organization.project.certificate", active)),
  };
}

/** POST /organization/certificates/{activate,deactivate}: the organization-level flag only; all or nothing, idempotent. */
export function setOrganizationCertificatesActive(
  org: SimOrganization,
  body: unknown,
  active: boolean,
) {
  const ids = parseCertificateIds(body);
  const certs = requireCertificates(org, ids);
  // As above: nothing changes until every id is known.
  org.orgActive = toggled(org.orgActive, ids, active);
  return {
    object: `organization.certificate.${active ? "activation" : "deactivation"}`,
    data: certs.map((cert) => certificateView(cert, "organization.certificate", active)),
  };
}
