import { isEventful, type ProjectOutcome, type SweepResult } from "../sweep/result.js";
import type { CertificateRef, Warning } from "../sweep/select.js";
import {
  type Outcome,
  REPORT_VERSION,
  type Report,
  type ReportCertificate,
  type ReportProject,
} from "./schema.js";

export interface RunFacts {
  runId: string;
  dryRun: boolean;
  deactivateWithinDays: number;
  warnWithinDays: number;
  maxDeactivationsPerRun: number;
}

const iso = (epochSeconds: number | undefined) =>
  epochSeconds === undefined ? null : new Date(epochSeconds * 1000).toISOString();

const cert = (c: CertificateRef): ReportCertificate => ({
  id: c.id,
  name: c.name,
  expires_at: iso(c.expires_at),
});

const warning = (w: Warning) => ({ ...cert(w), days_left: w.days_left });

/** How many different certificates the lists name (one certificate may be in several projects). */
const distinct = (lists: { id: string }[][]) => new Set(lists.flat().map((c) => c.id)).size;

function project(p: ProjectOutcome): ReportProject {
  return {
    id: p.id,
    name: p.name,
    deactivated: p.deactivated.map(cert),
    planned: p.planned.map(cert),
    failures: p.failures.map((f) => ({ ...f, certificates: f.certificates.map(cert) })),
    warnings: p.warnings.map(warning),
    unknown_expiry: p.unknownExpiry.map(cert),
  };
}

/** The run's outcome: any failure wins, then the cap, then what was done. */
export function outcomeOf(
  counts: Report["counts"],
  runErrors: number,
  capTripped: boolean,
  incomplete: boolean,
): Outcome {
  if (runErrors > 0 || counts.projects_failed > 0 || incomplete) return "failed";
  if (capTripped) return "cap_exceeded";
  if (counts.certificates_planned > 0) return "planned";
  if (counts.certificates_deactivated > 0) return "deactivated";
  return "nothing_to_do";
}

/** True when the run must end in an error (Lambda error metrics, retries, alarms). */
export const isFailure = (report: Pick<Report, "outcome">) =>
  report.outcome === "failed" || report.outcome === "cap_exceeded";

/** Turns a sweep result into the versioned report (a single part; see sns-message.ts for splitting). */
export function buildReport(result: SweepResult, facts: RunFacts): Report {
  const projects = result.projects.map(project);
  const sum = (pick: (p: ReportProject) => number) => projects.reduce((n, p) => n + pick(p), 0);
  const notScanned = [
    ...result.notScanned,
    ...result.missingIncluded.map((id) => ({ id, name: null, reason: "not_found" as const })),
  ];
  const scanned = result.projectScan === "done";
  const counts: Report["counts"] = {
    organization_certificates: result.organization.certificates,
    projects_listed: result.projectsListed,
    projects_scanned: result.projectsScanned,
    projects_failed: projects.filter((p) => p.failures.length > 0).length,
    projects_not_scanned: notScanned.length,
    projects_skipped: result.skipped.length,
    certificates_deactivated: sum((p) => p.deactivated.length),
    certificates_planned: sum((p) => p.planned.length),
    certificates_failed: sum((p) => p.failures.reduce((n, f) => n + f.certificates.length, 0)),
    projects_deactivated: projects.filter((p) => p.deactivated.length > 0).length,
    projects_planned: projects.filter((p) => p.planned.length > 0).length,
    // Certificates confirmed active in a scanned project; without a project scan, the
    // organization's list is all there is to go by.
    ...(scanned
      ? {
          warnings: distinct(result.projects.map((p) => p.warnings)),
          unknown_expiry: distinct(result.projects.map((p) => p.unknownExpiry)),
        }
      : {
          warnings: result.organization.expiringSoon.length,
          unknown_expiry: result.organization.unknownExpiry.length,
        }),
  };
  return {
    report_version: REPORT_VERSION,
    source: "openai-cert-sweeper",
    run_id: facts.runId,
    evaluated_at: new Date(result.evaluatedAt).toISOString(),
    dry_run: facts.dryRun,
    outcome: outcomeOf(
      counts,
      result.runErrors.length,
      result.capTripped,
      result.notScanned.length > 0,
    ),
    policy: {
      deactivate_within_days: facts.deactivateWithinDays,
      warn_within_days: facts.warnWithinDays,
      max_deactivations_per_run: facts.maxDeactivationsPerRun,
    },
    cap_tripped: result.capTripped,
    counts,
    errors: result.runErrors,
    organization: {
      project_scan: result.projectScan,
      expiring_soon: result.organization.expiringSoon.map(warning),
      unknown_expiry: result.organization.unknownExpiry.map(cert),
    },
    projects: result.projects.filter(isEventful).map(project),
    projects_not_scanned: notScanned,
    projects_skipped: {
      archived: result.skipped.filter((s) => s.reason === "archived").length,
      not_included: result.skipped.filter((s) => s.reason === "not_included").length,
      excluded: result.skipped.filter((s) => s.reason === "excluded").map((s) => s.id),
    },
    part: { index: 1, count: 1 },
  };
}
