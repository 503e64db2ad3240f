// The first stage of a sweep: the projects to scan, listed page after page ahead of the scans,
// filtered as they arrive, with how far the listing has come.
import type { AdminApi } from "../openai/admin-api.js";
import { PAGE_SIZE } from "../openai/request.js";
import { type ProjectFilter, type ProjectSelection, projectSelection } from "./filter-projects.js";
import { readAhead, type SharedSource } from "./read-ahead.js";
import type { SweepResult } from "./result.js";
import type { RunControl } from "./run-control.js";
import type { ListedProject } from "./scan.js";

export interface ProjectStream {
  /** The selected projects, in list order, for the scan's workers to take. */
  projects: SharedSource<ListedProject>;
  /** Projects listed so far (all of them) and selected so far, and whether the list is complete. */
  listed(): { count: number; selected: number; complete: boolean };
  /** Skipped projects, and included ids not found (known only once the list is complete). */
  outcome(): Pick<SweepResult, "skipped" | "missingIncluded">;
}

/**
 * Starts listing at once. Scans start with the first page and never wait for the next one: at
 * most two pages wait in memory. `onComplete` hears once the whole list is in, with the number of
 * projects selected.
 */
export function projectStream(
  api: AdminApi,
  filter: ProjectFilter,
  control: RunControl,
  onComplete: (selected: number) => void,
): ProjectStream {
  const state = { count: 0, selected: 0, complete: false };
  const selection = projectSelection(filter);
  const projects = readAhead(
    selectedProjects(api, selection, control, state, () => {
      state.complete = true;
      onComplete(state.selected);
    }),
    2 * PAGE_SIZE,
  );
  return {
    projects,
    listed: () => ({ ...state }),
    outcome: () => {
      const { skipped, missing } = selection.outcome();
      return { skipped, missingIncluded: state.complete ? missing : [] };
    },
  };
}

/**
 * The projects to scan, in list order, as the pages arrive. Stops listing once the key is
 * rejected; after a time-budget stop it goes on, so that every project not scanned is named.
 */
async function* selectedProjects(
  api: AdminApi,
  selection: ProjectSelection,
  control: RunControl,
  state: { count: number; selected: number },
  onComplete: () => void,
): AsyncGenerator<ListedProject> {
  try {
    for await (const project of api.listProjects()) {
      state.count += 1;
      const admitted = selection.admit(project);
      if (admitted) state.selected += 1;
      if (admitted) yield { project, index: state.count };
      if (control.fatalError()) return;
    }
  } catch (error) {
    control.noteError(error); // a rejected key stops the scans of projects already listed
    throw error;
  }
  onComplete();
}
