// The organizations the benchmark sweeps. The bundle judges expiry by the real clock, so expiry is
// set relative to a `nowSeconds` the caller passes (the real time), not the tests' fixed instant.
import type { SimOrganization } from "../../lib/simulator/organization.js";
import { cert, DAY, org, project } from "../support/org-builder.js";

/** Certificates in the organization (its maximum). */
const CERTIFICATES = 50;
/** cert_00..cert_11 are expired in the usual organization; the rest are healthy. */
const DUE_CERTIFICATES = 12;
const HEALTHY = CERTIFICATES - DUE_CERTIFICATES;

export interface BenchOrganization {
  organization: SimOrganization;
  /** The organization's certificates expiring within the window. */
  inWindow: string[];
  /** Whether any certificate expires within the window (else a sweep ends after one request). */
  anyInWindow: boolean;
  /** Per project, in listing order: active certificates within the window. */
  duePerProject: number[];
}

/**
 * The usual organization: project i (proj_00000, ...) has two healthy certificates active, also
 * due certificate i % 12 when i % 5 == 2, and all 12 due ones (two deactivate calls) when
 * i % 100 == 99. On a quiet day no certificate is near its expiry.
 */
export function benchOrganization(options: {
  projects: number;
  nowSeconds: number;
  quiet?: boolean;
}): BenchOrganization {
  const due = options.quiet ? 0 : DUE_CERTIFICATES;
  return buildOrganization(options.projects, options.nowSeconds, due, (i) => [
    DUE_CERTIFICATES + (i % HEALTHY),
    DUE_CERTIFICATES + ((i + HEALTHY / 2) % HEALTHY),
    ...(i % 5 === 2 ? [i % DUE_CERTIFICATES] : []),
    ...(i % 100 === 99 ? Array.from({ length: DUE_CERTIFICATES }, (_, c) => c) : []),
  ]);
}

/** The heaviest run the cap allows at 1,000 projects: 10 due certificates active in every one. */
export function worstCaseOrganization(options: {
  projects: number;
  nowSeconds: number;
}): BenchOrganization {
  return buildOrganization(options.projects, options.nowSeconds, DUE_CERTIFICATES, (i) => [
    ...Array.from({ length: 10 }, (_, c) => c),
    DUE_CERTIFICATES + (i % HEALTHY),
  ]);
}

// Certificate c < `due` expired c + 1 days ago; the others expire 200 + c days out. `activeIn`
// gives each project's active certificate indexes. The due counts come from the organization
// built, with the sweep's default window of 1 day, not from the recipe that built it.
function buildOrganization(
  projects: number,
  nowSeconds: number,
  due: number,
  activeIn: (projectIndex: number) => number[],
): BenchOrganization {
  const certificates = Array.from({ length: CERTIFICATES }, (_, c) =>
    cert(`cert_${String(c).padStart(2, "0")}`, undefined, {
      created_at: nowSeconds - 400 * DAY + c,
      expires_at: nowSeconds + (c < due ? -(c + 1) : 200 + c) * DAY,
    }),
  );
  const projectList = Array.from({ length: projects }, (_, i) =>
    project(`proj_${String(i).padStart(5, "0")}`, { created_at: nowSeconds - 500 * DAY + i }),
  );
  const projectActive = Object.fromEntries(
    projectList.map((p, i) => [p.id, activeIn(i).map((c) => certificates[c]?.id ?? "")]),
  );
  const organization = org(certificates, projectList, projectActive);
  const windowEnd = nowSeconds + DAY;
  const inWindow = certificates
    .filter((c) => typeof c.expires_at === "number" && c.expires_at <= windowEnd)
    .map((c) => c.id);
  return {
    organization,
    inWindow,
    anyInWindow: inWindow.length > 0,
    duePerProject: projectList.map((p) => dueIn(projectActive[p.id] ?? [], inWindow)),
  };
}

/** How many of a project's active certificates are in the window. */
export function dueIn(active: readonly string[], inWindow: readonly string[]): number {
  return active.filter((id) => inWindow.includes(id)).length;
}
