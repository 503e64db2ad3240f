import type OpenAI from "openai";
import * as v from "valibot";
import { ResponseValidationError } from "../errors.js";
import { requestIdFrom, withRequestId } from "../request-id.js";
import { REQUEST_TIMEOUT_MS } from "./client.js";
import { paginate } from "./paginate.js";
import { readJsonBody } from "./read-body.js";
import {
  isSafeId,
  listSchema,
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

/** An answer with the `x-request-id` of the response that carried it (null when it had none). */
export interface Answered<T> {
  data: T;
  requestId: string | null;
}

/**
 * Sends one request. The sweep's runner adds the concurrency limit, retries and the deadline
 * signal around it; `send` itself must make exactly one HTTP request. A `priority` request goes
 * ahead of those waiting for a slot.
 */
export type RequestRunner = <T>(
  send: (signal: AbortSignal) => Promise<T>,
  priority?: boolean,
) => Promise<T>;

// The spec's maximum page size: 5x fewer requests than the default of 20.
export const PAGE_SIZE = 100;
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

  // `asResponse()` keeps the SDK's auth, URL building, timeout and typed errors, and hands over the
  // raw body so that the whole envelope (not just the items) is validated here.
  // Errors raised after the response arrived (a body cut off or off-contract) keep its request id.
  const fetchJson = <T>(
    label: string,
    request: (signal: AbortSignal) => { asResponse(): Promise<Response> },
    schema: v.GenericSchema<unknown, T>,
    priority = false,
  ): Promise<Answered<T>> =>
    run(async (signal) => {
      const response = await request(signal).asResponse();
      const requestId = requestIdFrom(response.headers.get("x-request-id"));
      try {
        const body = await readJsonBody(response, signal, timeoutMs, label);
        return { data: validate(label, schema, body), requestId };
      } catch (error) {
        throw withRequestId(error, requestId);
      }
    }, priority);

  const list = <T extends { id: string }>(
    label: string,
    item: v.GenericSchema<unknown, T>,
    request: ListRequest,
    maxPages = MAX_CERTIFICATE_PAGES,
    priority = false,
  ) =>
    paginate<T>(
      async (after) => {
        const page = { limit: PAGE_SIZE, ...(after === undefined ? {} : { after }) };
        const answered = await fetchJson(
          label,
          (signal) => request(page, { signal }),
          listSchema(item),
          priority,
        );
        return { ...answered.data, requestId: answered.requestId };
      },
      label,
      maxPages,
    );

  return {
    listOrganizationCertificates: () =>
      list("list organization certificates", OrganizationCertificateSchema, (page, opts) =>
        org.certificates.list(page, opts),
      ),
    listProjects: () =>
      list(
        "list projects",
        ProjectSchema,
        (page, opts) => org.projects.list({ ...page, include_archived: true }, opts),
        MAX_PROJECT_PAGES,
        // Every project scan waits on these pages; they must not queue behind the scans.
        true,
      ),
    listProjectCertificates: (projectId) =>
      list(`list certificates of ${safeId(projectId)}`, ProjectCertificateSchema, (page, opts) =>
        org.projects.certificates.list(projectId, page, opts),
      ),
    async deactivateProjectCertificates(projectId, certificateIds) {
      const label = `deactivate certificates in ${safeId(projectId)}`;
      for (const id of certificateIds) safeId(id);
      const answered = await fetchJson(
        label,
        (signal) =>
          org.projects.certificates.deactivate(
            projectId,
            { certificate_ids: [...certificateIds] },
            { signal },
          ),
        ProjectDeactivationSchema,
      );
      return { data: answered.data.data, requestId: answered.requestId };
    },
    async deactivateOrganizationCertificates(certificateIds) {
      const label = "deactivate organization certificates";
      for (const id of certificateIds) safeId(id);
      // The SDK types this as a page, but the answer is one deactivation object: read it raw.
      const answered = await fetchJson(
        label,
        (signal) =>
          org.certificates.deactivate({ certificate_ids: [...certificateIds] }, { signal }),
        OrganizationDeactivationSchema,
      );
      return { data: answered.data.data, requestId: answered.requestId };
    },
  };
}

type ListRequest = (
  page: { limit: number; after?: string },
  options: { signal: AbortSignal },
) => { asResponse(): Promise<Response> };

/** The id, once checked safe for a URL path; the responses' schemas already ensure it. */
function safeId(id: string): string {
  if (!isSafeId(id)) {
    throw new ResponseValidationError(
      `refusing an id that is not letters, digits, _ and -: ${JSON.stringify(id.slice(0, 80))}`,
    );
  }
  return id;
}

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
