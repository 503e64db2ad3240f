import type OpenAI from "openai";
import * as v from "valibot";
import { ResponseValidationError } from "../errors.js";
import { paginate } from "./paginate.js";
import {
  listSchema,
  type OrganizationCertificate,
  OrganizationCertificateSchema,
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
  ): Promise<ProjectCertificate[]>;
}

/**
 * Sends one request. The sweep's runner adds the concurrency limit, retries and the deadline
 * signal around it; `send` itself must make exactly one HTTP request.
 */
export type RequestRunner = <T>(send: (signal: AbortSignal) => Promise<T>) => Promise<T>;

// The spec's maximum page size: 5x fewer requests than the default of 20.
const PAGE_SIZE = 100;

/** The AdminApi backed by the official SDK's admin resources. */
export function createAdminApi(client: OpenAI, run: RequestRunner): AdminApi {
  const org = client.admin.organization;

  // `asResponse()` keeps the SDK's auth, URL building, timeout and typed errors, and hands over the
  // raw body so that the whole envelope (not just the items) is validated here.
  const fetchJson = (
    label: string,
    request: (signal: AbortSignal) => { asResponse(): Promise<Response> },
  ) =>
    run(async (signal) => {
      const response = await request(signal).asResponse();
      try {
        return (await response.json()) as unknown;
      } catch {
        throw new ResponseValidationError(`${label}: the response body is not JSON`);
      }
    });

  const list = <T extends { id: string }>(
    label: string,
    item: v.GenericSchema<unknown, T>,
    request: ListRequest,
  ) =>
    paginate<T>(async (after) => {
      const page = { limit: PAGE_SIZE, ...(after === undefined ? {} : { after }) };
      const body = await fetchJson(label, (signal) => request(page, { signal }));
      return validate(label, listSchema(item), body);
    }, label);

  return {
    listOrganizationCertificates: () =>
      list("list organization certificates", OrganizationCertificateSchema, (page, opts) =>
        org.certificates.list(page, opts),
      ),
    listProjects: () =>
      list("list projects", ProjectSchema, (page, opts) =>
        org.projects.list({ ...page, include_archived: true }, opts),
      ),
    listProjectCertificates: (projectId) =>
      list(`list certificates of ${projectId}`, ProjectCertificateSchema, (page, opts) =>
        org.projects.certificates.list(projectId, page, opts),
      ),
    async deactivateProjectCertificates(projectId, certificateIds) {
      const label = `deactivate certificates in ${projectId}`;
      const body = await fetchJson(label, (signal) =>
        org.projects.certificates.deactivate(
          projectId,
          { certificate_ids: [...certificateIds] },
          { signal },
        ),
      );
      return validate(label, ProjectDeactivationSchema, body).data;
    },
  };
}

type ListRequest = (
  page: { limit: number; after?: string },
  options: { signal: AbortSignal },
) => { asResponse(): Promise<Response> };

function validate<S extends v.GenericSchema>(
  label: string,
  schema: S,
  body: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  throw new ResponseValidationError(
    `${label}: unexpected response (${v.summarize(result.issues).replaceAll("\n", " ")})`,
  );
}
