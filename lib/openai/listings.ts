// The Admin API's lists the sweep follows, page by page, each item validated.
import type OpenAI from "openai";
import { type requester, safeId } from "./request.js";
import {
  OrganizationCertificateSchema,
  ProjectCertificateSchema,
  ProjectSchema,
} from "./schemas.js";

export type Requester = ReturnType<typeof requester>;
export type Organization = OpenAI["admin"]["organization"];

// Page ceilings, far above what the API can hold (an organization has at most 50 certificates),
// so that an endless list fails instead of running until the deadline.
const MAX_CERTIFICATE_PAGES = 10;
const MAX_PROJECT_PAGES = 1_000;

export function listings(org: Organization, list: Requester["list"]) {
  const certificatePages = { maxPages: MAX_CERTIFICATE_PAGES };
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
    listProjectCertificates: (projectId: string) =>
      list(
        `list certificates of ${safeId(projectId)}`,
        ProjectCertificateSchema,
        (page, opts) => org.projects.certificates.list(projectId, page, opts),
        certificatePages,
      ),
  };
}
