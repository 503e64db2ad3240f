// The read-only endpoints: organization certificates, projects, and a project's certificates.
import { badParam } from "./api-error.js";
import { certificateView } from "./certificate-view.js";
import type { SimCertificate, SimOrganization } from "./organization.js";
import { byCreation, paginate, type Query } from "./pagination.js";
import { requireProject } from "./require-project.js";

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

function orderedCertificates(org: SimOrganization, query: Query): SimCertificate[] {
  const order = parseChoice(query, "order", ["asc", "desc"], "desc");
  const sorted = [...org.certificates].sort(byCreation);
  return order === "asc" ? sorted : sorted.reverse();
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
