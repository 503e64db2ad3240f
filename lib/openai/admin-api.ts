import type OpenAI from "openai";
import { REQUEST_TIMEOUT_MS } from "./client.js";
import { type Answered, type RequestRunner, requester, safeId } from "./request.js";
import {
  type OrganizationCertificate,
  OrganizationCertificateSchema,
  OrganizationDeactivationSchema,
  type Project,
  type ProjectCertificate,
  ProjectCertificateSchema,
  ProjectDeactivationSchema,
  ProjectSchema,
} from "./schemas.js";

/** The Admin API calls the sweep makes, returning validated records. */
export interface AdminApi {
  listOrganizationCertificates(): AsyncIterable<OrganizationCertificate>;
  /** Every project, archived ones included, so that the report can say what it skipped and why. */
  listProjects(): AsyncIterable<Project>;
  listProjectCertificates(projectId: string): AsyncIterable<ProjectCertificate>;
  /** One atomic call for 1 to 10 ids; returns the certificates as the API reports them afterwards. */
  deactivateProjectCertificates(
    projectId: string,
    certificateIds: readonly string[],
  ): Promise<Answered<ProjectCertificate[]>>;
  /** One atomic call for 1 to 10 ids at organization level; returns them as the API reports them afterwards. */
  deactivateOrganizationCertificates(
    certificateIds: readonly string[],
  ): Promise<Answered<OrganizationCertificate[]>>;
}

// Page ceilings, far above what the API can hold (an organization has at most 50 certificates),
// so that an endless list fails instead of running until the deadline.
const MAX_CERTIFICATE_PAGES = 10;
const MAX_PROJECT_PAGES = 1_000;

/** The AdminApi backed by the official SDK's admin resources. */
export function createAdminApi(
  client: OpenAI,
  run: RequestRunner,
  timeoutMs = REQUEST_TIMEOUT_MS,
): AdminApi {
  const org = client.admin.organization;
  const { fetchJson, list } = requester(run, timeoutMs);
  const certificatePages = { maxPages: MAX_CERTIFICATE_PAGES };
  const ids = (certificateIds: readonly string[]) => ({
    certificate_ids: certificateIds.map(safeId),
  });
  return {
    listOrganizationCertificates: () =>
      list(
        "list organization certificates",
        OrganizationCertificateSchema,
        (page, opts) => org.certificates.list(page, opts),
        certificatePages,
      ),
    listProjects: () =>
      list(
        "list projects",
        ProjectSchema,
        (page, opts) => org.projects.list({ ...page, include_archived: true }, opts),
        // Every project scan waits on these pages; they must not queue behind the scans.
        { maxPages: MAX_PROJECT_PAGES, priority: true },
      ),
    listProjectCertificates: (projectId) =>
      list(
        `list certificates of ${safeId(projectId)}`,
        ProjectCertificateSchema,
        (page, opts) => org.projects.certificates.list(projectId, page, opts),
        certificatePages,
      ),
    async deactivateProjectCertificates(projectId, certificateIds) {
      const label = `deactivate certificates in ${safeId(projectId)}`;
      const body = ids(certificateIds);
      const answered = await fetchJson(
        label,
        (signal) => org.projects.certificates.deactivate(projectId, body, { signal }),
        ProjectDeactivationSchema,
      );
      return { data: answered.data.data, requestId: answered.requestId };
    },
    async deactivateOrganizationCertificates(certificateIds) {
      const body = ids(certificateIds);
      // The SDK types this as a page, but the answer is one deactivation object: read it raw.
      const answered = await fetchJson(
        "deactivate organization certificates",
        (signal) => org.certificates.deactivate(body, { signal }),
        OrganizationDeactivationSchema,
      );
      return { data: answered.data.data, requestId: answered.requestId };
    },
  };
}
