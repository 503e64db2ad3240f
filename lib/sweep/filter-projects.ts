import type { Project } from "../openai/schemas.js";

export interface ProjectFilter {
  include: readonly string[];
  exclude: readonly string[];
  includeArchived: boolean;
}

export type SkipReason = "archived" | "excluded" | "not_included";

export interface FilteredProjects {
  selected: Project[];
  skipped: { id: string; name: string | null; reason: SkipReason }[];
  /** Ids named in INCLUDE_PROJECTS that the project list did not contain. */
  missing: string[];
}

const isArchived = (p: Project) => p.archived_at !== null || p.status === "archived";

/** Applies the archived flag, then the include list, then the exclude list. */
export function filterProjects(
  projects: readonly Project[],
  filter: ProjectFilter,
): FilteredProjects {
  const result: FilteredProjects = { selected: [], skipped: [], missing: [] };
  const seen = new Set<string>();
  for (const project of projects) {
    if (seen.has(project.id)) continue; // a page boundary shift can repeat an item
    seen.add(project.id);
    const reason = skipReason(project, filter);
    if (reason) result.skipped.push({ id: project.id, name: project.name, reason });
    else result.selected.push(project);
  }
  result.missing = filter.include.filter((id) => !seen.has(id));
  return result;
}

function skipReason(project: Project, filter: ProjectFilter): SkipReason | undefined {
  if (!filter.includeArchived && isArchived(project)) return "archived";
  if (filter.include.length > 0 && !filter.include.includes(project.id)) return "not_included";
  if (filter.exclude.includes(project.id)) return "excluded";
  return undefined;
}
