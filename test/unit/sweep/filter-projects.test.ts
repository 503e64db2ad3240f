import { describe, expect, it } from "vitest";
import type { Project } from "../../../lib/openai/schemas.js";
import { type ProjectFilter, projectSelection } from "../../../lib/sweep/filter-projects.js";

const project = (id: string, extra: Partial<Project> = {}): Project => ({
  object: "organization.project",
  id,
  name: `Project ${id}`,
  archived_at: null,
  status: "active",
  ...extra,
});

const ALL: ProjectFilter = { include: [], exclude: [], includeArchived: false };
const ids = (projects: readonly { id: string }[]) => projects.map((p) => p.id);

/** The selection applied to a whole list, one project after another, as the sweep applies it. */
function filterProjects(projects: readonly Project[], filter: ProjectFilter) {
  const selection = projectSelection(filter);
  const selected = projects.filter((project) => selection.admit(project));
  return { selected, ...selection.outcome() };
}

describe("projectSelection over a whole list", () => {
  it("selects every active project when no list is set", () => {
    const result = filterProjects([project("proj_a"), project("proj_b")], ALL);
    expect(ids(result.selected)).toEqual(["proj_a", "proj_b"]);
    expect(result.skipped).toEqual([]);
    expect(result.missing).toEqual([]);
  });

  it("skips archived projects, by archived_at or by status", () => {
    const result = filterProjects(
      [
        project("proj_a"),
        project("proj_old", { archived_at: 1_600_000_000 }),
        project("proj_st", { status: "archived" }),
      ],
      ALL,
    );
    expect(ids(result.selected)).toEqual(["proj_a"]);
    expect(result.skipped).toEqual([
      { id: "proj_old", name: "Project proj_old", reason: "archived" },
      { id: "proj_st", name: "Project proj_st", reason: "archived" },
    ]);
  });

  it("scans archived projects when INCLUDE_ARCHIVED_PROJECTS is on", () => {
    const result = filterProjects([project("proj_old", { archived_at: 1 })], {
      ...ALL,
      includeArchived: true,
    });
    expect(ids(result.selected)).toEqual(["proj_old"]);
  });

  it("with an include list selects only the named projects", () => {
    const result = filterProjects([project("proj_a"), project("proj_b"), project("proj_c")], {
      ...ALL,
      include: ["proj_c", "proj_a"],
    });
    expect(ids(result.selected)).toEqual(["proj_a", "proj_c"]);
    expect(result.skipped).toEqual([
      { id: "proj_b", name: "Project proj_b", reason: "not_included" },
    ]);
  });

  it("skips excluded projects", () => {
    const result = filterProjects([project("proj_a"), project("proj_b")], {
      ...ALL,
      exclude: ["proj_b"],
    });
    expect(ids(result.selected)).toEqual(["proj_a"]);
    expect(result.skipped).toEqual([{ id: "proj_b", name: "Project proj_b", reason: "excluded" }]);
  });

  it("reports included ids that the project list did not contain", () => {
    const result = filterProjects([project("proj_a")], {
      ...ALL,
      include: ["proj_a", "proj_gone"],
    });
    expect(ids(result.selected)).toEqual(["proj_a"]);
    expect(result.missing).toEqual(["proj_gone"]);
  });

  it("skips an included but archived project as archived, not as missing", () => {
    const result = filterProjects([project("proj_old", { archived_at: 5 })], {
      ...ALL,
      include: ["proj_old"],
    });
    expect(result.selected).toEqual([]);
    expect(result.skipped).toEqual([
      { id: "proj_old", name: "Project proj_old", reason: "archived" },
    ]);
    expect(result.missing).toEqual([]);
  });

  it("handles a project listed twice once", () => {
    const result = filterProjects(
      [
        project("proj_a"),
        project("proj_b", { archived_at: 1 }),
        project("proj_a"),
        project("proj_b", { archived_at: 1 }),
      ],
      ALL,
    );
    expect(ids(result.selected)).toEqual(["proj_a"]);
    expect(ids(result.skipped)).toEqual(["proj_b"]);
  });
});
