// The report's counts, from the sweep's result and the report's own entries.
import type { SweepResult } from "../sweep/result.js";
import { distinct } from "./entries.js";
import type { ReportProject } from "./entry-schemas.js";
import type { Report } from "./schema.js";

/** The counts of a report whose projects and organization entry are `projects` and `org`. */
export function countsOf(
  result: SweepResult,
  projects: ReportProject[],
  org: Report["organization"],
  notScanned: number,
): Report["counts"] {
  const sum = (pick: (p: ReportProject) => number) => projects.reduce((n, p) => n + pick(p), 0);
  const failed = (failures: ReportProject["failures"]) =>
    failures.reduce((n, f) => n + f.certificates.length, 0);
  const scanned = result.projectScan === "done";
  // Certificates confirmed active in a scanned project; without a project scan, the
  // organization's list is all there is to go by.
  const warnings = scanned
    ? [...projects.map((p) => p.warnings), org.active_expiring_soon]
    : [org.expiring_soon];
  return {
    organization_certificates: result.organization.certificates,
    projects_listed: result.projectsListed,
    projects_scanned: result.projectsScanned,
    projects_failed: projects.filter((p) => p.failures.length > 0).length,
    projects_not_scanned: notScanned,
    projects_skipped: result.skipped.length,
    certificates_deactivated: sum((p) => p.deactivated.length),
    certificates_planned: sum((p) => p.planned.length),
    certificates_failed: sum((p) => failed(p.failures)),
    projects_deactivated: projects.filter((p) => p.deactivated.length > 0).length,
    projects_planned: projects.filter((p) => p.planned.length > 0).length,
    warnings: distinct(warnings),
    unknown_expiry: scanned
      ? distinct(result.projects.map((p) => p.unknownExpiry))
      : result.organization.unknownExpiry.length,
    warnings_announced: distinct(warnings.map((ws) => ws.filter((w) => w.tier_days !== null))),
    projects_without_valid_certificate: projects.filter((p) => p.no_valid_certificate_left).length,
    organization_certificates_deactivated: org.deactivated.length,
    organization_certificates_planned: org.planned.length,
    organization_certificates_failed: failed(org.failures),
    organization_certificates_left_active: org.left_active.length,
    certificates_held_back: sum((p) => p.held_back.length),
    certificates_activated: sum((p) => p.activated.length),
    activations_planned: sum((p) => p.activation_planned.length),
    organization_certificates_held_back: org.held_back.length,
    date_disagreements: org.date_disagreements.length,
  };
}
