import type { Project } from "../openai/schemas.js";

export interface ProjectFilter {
  include: readonly string[];
  exclude: readonly string[];
  includeArchived: boolean;
}

export type SkipReason = "archived" | "excluded" | "not_included";

interface FilteredProjects {
  selected: Project[];
  skipped: { id: string; name: string | null; reason: SkipReason }[];
  /** Ids named in INCLUDE_PROJECTS that the project list did not contain. */
  missing: string[];
}

const isArchived = (p: Project) => p.archived_at !== null || p.status === "archived";

/** Decides project by project, as the list arrives, which projects to scan. */
export interface ProjectSelection {
  /** True to scan `project`; false when skipped (recorded) or already seen (a repeat). */
  admit(project: Project): boolean;
  /** The skipped projects, and the included ids not seen, so far. */
  outcome(): Omit<FilteredProjects, "selected">;
}

/** Applies the archived flag, then the include list, then the exclude list, to each project once. */
export function projectSelection(filter: ProjectFilter): ProjectSelection {
  const skipped: FilteredProjects["skipped"] = [];
  const seen = new Set<string>();
  return {
    admit(project) {
      if (seen.has(project.id)) return false; // a page boundary shift can repeat an item
      seen.add(project.id);
      const reason = skipReason(project, filter);
      if (reason) skipped.push({ id: project.id, name: project.name, reason });
      return reason === undefined;
    },
    outcome: () => ({ skipped, missing: filter.include.filter((id) => !seen.has(id)) }),
  };
}

function skipReason(project: Project, filter: ProjectFilter): SkipReason | undefined {
  if (!filter.includeArchived && isArchived(project)) return "archived";
  if (filter.include.length > 0 && !filter.include.includes(project.id)) return "not_included";
  if (filter.exclude.includes(project.id)) return "excluded";
  return undefined;
}
