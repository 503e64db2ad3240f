import type OpenAI from "openai";
import type * as v from "valibot";
import { ResponseValidationError } from "../errors.js";
import { REQUEST_TIMEOUT_MS } from "./client.js";
import { listings, type Organization, type Requester } from "./listings.js";
import { type Answered, type RequestRunner, requester, safeId } from "./request.js";
import {
  CertificateContentSchema,
  type OrganizationCertificate,
  OrganizationDeactivationSchema,
  type Project,
  ProjectActivationSchema,
  type ProjectCertificate,
  ProjectDeactivationSchema,
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
  /** One atomic call for 1 to 10 ids; returns the certificates as the API reports them afterwards. */
  activateProjectCertificates(
    projectId: string,
    certificateIds: readonly string[],
  ): Promise<Answered<ProjectCertificate[]>>;
  /** A certificate's PEM (getCertificate with include[]=content); undefined when it has none. */
  certificateContent(certificateId: string): Promise<Answered<string | undefined>>;
  /** One atomic call for 1 to 10 ids at organization level; returns them as the API reports them afterwards. */
  deactivateOrganizationCertificates(
    certificateIds: readonly string[],
  ): Promise<Answered<OrganizationCertificate[]>>;
}

/** The AdminApi backed by the official SDK's admin resources. */
export function createAdminApi(
  client: OpenAI,
  run: RequestRunner,
  timeoutMs = REQUEST_TIMEOUT_MS,
): AdminApi {
  const org = client.admin.organization;
  const requests = requester(run, timeoutMs);
  return {
    ...listings(org, requests.list),
    ...toggles(org, requests.fetchJson),
    async certificateContent(certificateId) {
      const label = `get certificate ${safeId(certificateId)}`;
      const answered = await requests.fetchJson(
        label,
        (signal) => org.certificates.retrieve(certificateId, { include: ["content"] }, { signal }),
        CertificateContentSchema,
      );
      if (answered.data.id !== certificateId) {
        throw new ResponseValidationError(`${label}: the answer is about ${answered.data.id}`);
      }
      return { data: answered.data.certificate_details.content, requestId: answered.requestId };
    },
  };
}

function toggles(
  org: Organization,
  fetchJson: Requester["fetchJson"],
): Pick<
  AdminApi,
  | "activateProjectCertificates"
  | "deactivateProjectCertificates"
  | "deactivateOrganizationCertificates"
> {
  const ids = (certificateIds: readonly string[]) => ({
    certificate_ids: certificateIds.map(safeId),
  });
  // The SDK types these as pages, but each answer is one object: read it raw.
  const toggled = async <T>(
    label: string,
    request: Parameters<typeof fetchJson>[1],
    schema: v.GenericSchema<unknown, { data: T[] }>,
  ): Promise<Answered<T[]>> => {
    const answered = await fetchJson(label, request, schema);
    return { data: answered.data.data, requestId: answered.requestId };
  };
  return {
    // Ids are checked before anything is sent; a refusal is a rejection, like any failure.
    async deactivateProjectCertificates(projectId, certificateIds) {
      const label = `deactivate certificates in ${safeId(projectId)}`;
      const body = ids(certificateIds);
      return toggled(
        label,
        (signal) => org.projects.certificates.deactivate(projectId, body, { signal }),
        ProjectDeactivationSchema,
      );
    },
    async activateProjectCertificates(projectId, certificateIds) {
      const label = `activate certificates in ${safeId(projectId)}`;
      const body = ids(certificateIds);
      return toggled(
        label,
        (signal) => org.projects.certificates.activate(projectId, body, { signal }),
        ProjectActivationSchema,
      );
    },
    async deactivateOrganizationCertificates(certificateIds) {
      const body = ids(certificateIds);
      return toggled(
        "deactivate organization certificates",
        (signal) => org.certificates.deactivate(body, { signal }),
        OrganizationDeactivationSchema,
      );
    },
  };
}
