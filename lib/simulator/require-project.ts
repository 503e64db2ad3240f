// Project-scoped endpoints answer 404 for an unknown project before looking at anything else.
import { SimApiError } from "./api-error.js";
import type { SimOrganization, SimProject } from "./organization.js";

/** The project with this id, or a 404 naming it. */
export function requireProject(org: SimOrganization, projectId: string): SimProject {
  const project = org.projects.find((candidate) => candidate.id === projectId);
  if (project) return project;
  throw new SimApiError(404, `No project found with id '${projectId}'.`, "project_id", "not_found");
}
