import type {
  SimCertificate,
  SimOrganization,
  SimProject,
} from "../../lib/simulator/organization.js";

export const DAY = 86_400;

/** A fixed instant for tests: 2026-11-28T09:00:00Z, in Unix seconds. */
export const NOW_SECONDS = Date.UTC(2026, 10, 28, 9, 0, 0) / 1000;

/** A certificate expiring `days` from NOW_SECONDS (negative: already expired; undefined: no expiry). */
export function cert(
  id: string,
  days: number | undefined,
  extra: Partial<SimCertificate> = {},
): SimCertificate {
  return {
    id,
    name: `${id}-name`,
    created_at: NOW_SECONDS - 400 * DAY,
    ...(days === undefined ? {} : { expires_at: Math.round(NOW_SECONDS + days * DAY) }),
    ...extra,
  };
}

export function project(id: string, extra: Partial<SimProject> = {}): SimProject {
  return {
    id,
    name: `${id} name`,
    created_at: NOW_SECONDS - 500 * DAY,
    archived_at: null,
    ...extra,
  };
}

/** An organization from certificates, projects and which certificates are active where. */
export function org(
  certificates: SimCertificate[],
  projects: SimProject[],
  projectActive: Record<string, string[]>,
): SimOrganization {
  return { certificates, projects, orgActive: certificates.map((c) => c.id), projectActive };
}

/**
 * A large organization: `projects` projects (ids proj_000, proj_001, ...) and 50 certificates, of
 * which `expiring` are expired; every project has certificates cert_00.. active per `activeIn`.
 */
export function largeOrg(options: {
  projects: number;
  expiring: number;
  activeIn: (projectIndex: number) => number[];
}): SimOrganization {
  const certificates = Array.from({ length: 50 }, (_, i) =>
    cert(`cert_${String(i).padStart(2, "0")}`, i < options.expiring ? -1 - i : 200 + i, {
      created_at: NOW_SECONDS - 400 * DAY + i,
    }),
  );
  const projects = Array.from({ length: options.projects }, (_, i) =>
    project(`proj_${String(i).padStart(3, "0")}`, { created_at: NOW_SECONDS - 500 * DAY + i }),
  );
  const projectActive = Object.fromEntries(
    projects.map((p, i) => [p.id, options.activeIn(i).map((c) => certificates[c]?.id ?? "")]),
  );
  return org(certificates, projects, projectActive);
}
