// Maps a method and path to the API operation behind it, with OpenAI's 404/405 for the rest.
import { SimApiError } from "./api-error.js";
import { getCertificate, uploadCertificate } from "./certificates.js";
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

type Method = "GET" | "POST";
type Route = Partial<Record<Method, Operation>>;

const ORGANIZATION_TOGGLE = /^\/v1\/organization\/certificates\/(activate|deactivate)$/;
const ONE_CERTIFICATE = /^\/v1\/organization\/certificates\/([^/]+)$/;
const PROJECT_CERTIFICATES =
  /^\/v1\/organization\/projects\/([^/]+)\/certificates(?:\/(activate|deactivate))?$/;

/** A path segment as an id; undefined for malformed percent-encoding, which names nothing. */
function segmentId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The operations a path allows, by method, or undefined for an unknown path. */
function findRoute(path: string): Route | undefined {
  if (path === "/v1/organization/certificates") {
    return {
      GET: listOrganizationCertificates,
      POST: (org, _q, body) => uploadCertificate(org, body(), Date.now() / 1000),
    };
  }
  if (path === "/v1/organization/projects") return { GET: listProjects };
  const [, orgAction] = ORGANIZATION_TOGGLE.exec(path) ?? [];
  if (orgAction !== undefined) {
    const active = orgAction === "activate";
    return { POST: (org, _q, body) => setOrganizationCertificatesActive(org, body(), active) };
  }
  const [, certificateSegment] = ONE_CERTIFICATE.exec(path) ?? [];
  if (certificateSegment !== undefined) {
    const certificateId = segmentId(certificateSegment);
    if (certificateId === undefined) return undefined;
    return { GET: (org, query) => getCertificate(org, certificateId, query) };
  }
  const [, segment, action] = PROJECT_CERTIFICATES.exec(path) ?? [];
  if (segment === undefined) return undefined;
  const projectId = segmentId(segment);
  if (projectId === undefined) return undefined;
  if (action === undefined) {
    return { GET: (org, query) => listProjectCertificates(org, projectId, query) };
  }
  const active = action === "activate";
  return { POST: (org, _q, body) => setProjectCertificatesActive(org, projectId, body(), active) };
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
  const run = route[request.method as Method];
  if (run === undefined) {
    const allowed = Object.keys(route).join(", ");
    const message = `Method ${request.method} is not allowed on ${request.path}; use ${allowed}.`;
    return errorReply(new SimApiError(405, message, null, "method_not_allowed"), {
      allow: allowed,
    });
  }
  try {
    // The body is only checked by operations that take one, so a GET never fails on it.
    const body = run(org, request.query, () => jsonBody(contentType, parsed));
    return { status: 200, body };
  } catch (error) {
    if (error instanceof SimApiError) return errorReply(error);
    throw error;
  }
}
