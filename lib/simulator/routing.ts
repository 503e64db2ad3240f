// Maps a method and path to the API operation behind it, with OpenAI's 404/405 for the rest.
import { SimApiError } from "./api-error.js";
import { listOrganizationCertificates, listProjectCertificates, listProjects } from "./listing.js";
import type { SimOrganization } from "./organization.js";
import type { RecordedRequest } from "./recording.js";
import { errorReply, type Reply } from "./replies.js";
import { jsonBody, type ParsedBody } from "./request-body.js";
import { setOrganizationCertificatesActive, setProjectCertificatesActive } from "./toggle.js";

type Operation = (
  org: SimOrganization,
  query: Record<string, string>,
  body: () => unknown,
) => unknown;

const ORGANIZATION_TOGGLE = /^\/v1\/organization\/certificates\/(activate|deactivate)$/;
const PROJECT_CERTIFICATES =
  /^\/v1\/organization\/projects\/([^/]+)\/certificates(?:\/(activate|deactivate))?$/;

/** The allowed method and the operation for a path, or undefined for an unknown path. */
function findRoute(path: string): { method: "GET" | "POST"; run: Operation } | undefined {
  if (path === "/v1/organization/certificates") {
    return { method: "GET", run: listOrganizationCertificates };
  }
  if (path === "/v1/organization/projects") return { method: "GET", run: listProjects };
  const [, orgAction] = ORGANIZATION_TOGGLE.exec(path) ?? [];
  if (orgAction !== undefined) {
    const active = orgAction === "activate";
    return {
      method: "POST",
      run: (org, _q, body) => setOrganizationCertificatesActive(org, body(), active),
    };
  }
  const [, segment, action] = PROJECT_CERTIFICATES.exec(path) ?? [];
  if (segment === undefined) return undefined;
  let projectId: string;
  try {
    projectId = decodeURIComponent(segment);
  } catch {
    return undefined; // malformed percent-encoding cannot name a project
  }
  if (action === undefined) {
    return { method: "GET", run: (org, query) => listProjectCertificates(org, projectId, query) };
  }
  const active = action === "activate";
  return {
    method: "POST",
    run: (org, _q, body) => setProjectCertificatesActive(org, projectId, body(), active),
  };
}

/** Runs the API operation for an authorized request; any API-level failure becomes an error reply. */
export function answer(
  org: SimOrganization,
  request: Pick<RecordedRequest, "method" | "path" | "query">,
  contentType: string | undefined,
  parsed: ParsedBody,
): Reply {
  const route = findRoute(request.path);
  const invalidUrl = `Invalid URL (${request.method} ${request.path})`;
  if (!route) return errorReply(new SimApiError(404, invalidUrl));
  if (route.method !== request.method) {
    const message = `Method ${request.method} is not allowed on ${request.path}; use ${route.method}.`;
    return errorReply(new SimApiError(405, message, null, "method_not_allowed"), {
      allow: route.method,
    });
  }
  try {
    // The body is only checked by operations that take one, so a GET never fails on it.
    const body = route.run(org, request.query, () => jsonBody(contentType, parsed));
    return { status: 200, body };
  } catch (error) {
    if (error instanceof SimApiError) return errorReply(error);
    throw error;
  }
}
