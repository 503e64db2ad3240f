// The benchmark's yardsticks as pure functions of the organization and the settings, so that the
// figures every run is held to can be checked by a unit test instead of read off a stopwatch.

/** Project ids per projects page the sweep asks for (the spec's maximum). */
export const PROJECTS_PER_PAGE = 100;
/** Certificate ids per deactivate call (the spec's maximum). */
const IDS_PER_CALL = 10;

/** Deactivate calls needed: the fewest chunks of at most 10 per project. */
export function deactivateCalls(duePerProject: readonly number[]): number {
  return duePerProject.reduce((sum, n) => sum + Math.ceil(n / IDS_PER_CALL), 0);
}

export interface SweepShape {
  /** Whether any of the organization's certificates expires within the window. */
  anyInWindow: boolean;
  /** Per project: how many certificates to deactivate there. */
  duePerProject: readonly number[];
}

/** The fewest requests to each endpoint (see minimumRequests). */
export function minimumByEndpoint(shape: SweepShape) {
  const projects = shape.anyInWindow ? shape.duePerProject.length : 0;
  return {
    orgCertificates: 1,
    projectPages: shape.anyInWindow ? Math.ceil(projects / PROJECTS_PER_PAGE) : 0,
    projectCertificates: projects,
    deactivate: shape.anyInWindow ? deactivateCalls(shape.duePerProject) : 0,
  };
}

/**
 * The fewest requests a sweep can make: the organization's certificates only, when none is in the
 * window; otherwise that, every projects page, one certificate listing per project and the
 * deactivate calls.
 */
export function minimumRequests(shape: SweepShape): number {
  const m = minimumByEndpoint(shape);
  return m.orgCertificates + m.projectPages + m.projectCertificates + m.deactivate;
}

/**
 * The shortest wall time the minimum allows, in ms: the organization listing and the projects
 * pages one after another, then the listings and deactivate calls `min(concurrency, serverLimit)`
 * at a time. When nothing is in the window it is one request's latency.
 */
export function wallTimeBoundMs(
  input: SweepShape & {
    latencyMs: number;
    concurrency: number;
    serverLimit: number;
  },
): number {
  const { latencyMs } = input;
  if (!input.anyInWindow) return latencyMs;
  const projects = input.duePerProject.length;
  const sequential = 1 + Math.ceil(projects / PROJECTS_PER_PAGE);
  const parallel = projects + deactivateCalls(input.duePerProject);
  return (
    latencyMs * sequential + (latencyMs * parallel) / Math.min(input.concurrency, input.serverLimit)
  );
}
