import type { Notice, NoticeSettings } from "../notify/notice.js";
import {
  type Deactivated,
  type Failure,
  isEventful,
  type ProjectOutcome,
  type SweepResult,
} from "../sweep/result.js";
import type { Enforcement } from "../sweep/run-sweep.js";
import {
  type CertificateRef,
  type ExpiryPolicy,
  isValidAt,
  type Warning,
} from "../sweep/select.js";
import {
  type Outcome,
  REPORT_VERSION,
  type Report,
  type ReportCertificate,
  type ReportDeactivated,
  type ReportFailure,
  type ReportProject,
  type Severity,
} from "./schema.js";

export interface RunFacts {
  runId: string;
  policy: ExpiryPolicy;
  enforcement: Enforcement;
  noticeSettings: NoticeSettings;
  /** What this run announces (its slot's tier crossings, and whether it is the digest). */
  notice: Notice;
}

const WEEKDAY_NAMES = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
];

const iso = (epochSeconds: number | undefined) =>
  epochSeconds === undefined ? null : new Date(epochSeconds * 1000).toISOString();

const cert = (c: CertificateRef): ReportCertificate => ({
  id: c.id,
  name: c.name,
  expires_at: iso(c.expires_at),
});

/** How many different certificates the lists name (one certificate may be in several projects). */
const distinct = (lists: { id: string }[][]) => new Set(lists.flat().map((c) => c.id)).size;

const deactivatedEntry = (c: Deactivated): ReportDeactivated => ({
  ...cert(c),
  request_id: c.requestId ?? null,
});

const failureEntry = (f: Failure): ReportFailure => ({
  stage: f.stage,
  reason: f.reason,
  error: f.error,
  request_id: f.requestId,
  certificates: f.certificates.map(cert),
});

/** What the outcome is decided from, besides the counts. */
export interface OutcomeFacts {
  runErrors: number;
  /** A failure other than the safety cap's holding certificates back (that is the cap's outcome). */
  failed: boolean;
  capTripped: boolean;
  /** Projects were left unscanned. */
  incomplete: boolean;
}

/** The run's outcome: any failure wins, then the cap, then what was done. */
export function outcomeOf(counts: Report["counts"], facts: OutcomeFacts): Outcome {
  const { runErrors, failed, capTripped, incomplete } = facts;
  if (runErrors > 0 || failed || incomplete) return "failed";
  if (capTripped) return "cap_exceeded";
  if (counts.certificates_planned + counts.organization_certificates_planned > 0) return "planned";
  if (counts.certificates_deactivated + counts.organization_certificates_deactivated > 0)
    return "deactivated";
  return "nothing_to_do";
}

/** True when the run must end in an error (Lambda error metrics, retries, alarms). */
export const isFailure = (report: Pick<Report, "outcome">) =>
  report.outcome === "failed" || report.outcome === "cap_exceeded";

/** How urgent a report is (see SEVERITIES). */
function severityOf(
  report: Pick<Report, "outcome" | "counts" | "digest"> & {
    organization: Pick<Report["organization"], "no_valid_certificate_left">;
  },
): Severity {
  const c = report.counts;
  const leftWithout =
    c.projects_without_valid_certificate > 0 || report.organization.no_valid_certificate_left;
  if (isFailure(report) || leftWithout) return "critical";
  const acted =
    c.certificates_deactivated +
    c.certificates_planned +
    c.organization_certificates_deactivated +
    c.organization_certificates_planned +
    c.organization_certificates_left_active;
  if (acted > 0) return "high";
  if (c.warnings_announced > 0 || (report.digest && c.warnings > 0)) return "warning";
  return "info";
}

/** Turns a sweep result into the versioned report (a single part; see sns-message.ts for splitting). */
export function buildReport(result: SweepResult, facts: RunFacts): Report {
  const nowSeconds = Math.floor(result.evaluatedAt / 1000);
  const warning = (w: Warning) => ({
    ...cert(w),
    days_left: w.days_left,
    tier_days: facts.notice.tierOf(w),
  });
  const org = result.organization;
  const wouldApply = facts.enforcement.dryRun && !result.capTripped;
  // A project's own valid certificates, plus any the organization level keeps active for all.
  const orgValidLeft = wouldApply
    ? org.validLeft - org.due.planned.filter((c) => isValidAt(c, nowSeconds)).length
    : org.validLeft;
  const project = (p: ProjectOutcome): ReportProject => {
    // A dry run flags what applying would do; over the cap, applying would do nothing.
    const removed = wouldApply ? p.planned.length : p.deactivated.length;
    // A certificate whose deactivation failed is still active, and valid until it expires.
    const stillValid = p.failures
      .flatMap((f) => (f.stage === "deactivate" ? f.certificates : []))
      .filter((c) => isValidAt(c, nowSeconds)).length;
    return {
      id: p.id,
      name: p.name,
      deactivated: p.deactivated.map(deactivatedEntry),
      planned: p.planned.map(cert),
      failures: p.failures.map(failureEntry),
      warnings: p.warnings.map(warning),
      unknown_expiry: p.unknownExpiry.map(cert),
      no_valid_certificate_left: removed > 0 && p.validLeft + stillValid + orgValidLeft === 0,
    };
  };
  const projects = result.projects.filter(isEventful).map(project);
  const sum = (pick: (p: ReportProject) => number) => projects.reduce((n, p) => n + pick(p), 0);
  const notScanned = [
    ...result.notScanned,
    ...result.missingIncluded.map((id) => ({ id, name: null, reason: "not_found" as const })),
  ];
  const scanned = result.projectScan === "done";
  const orgWarnings = org.expiringSoon.map(warning);
  const orgActiveWarnings = org.activeExpiringSoon.map(warning);
  // Flagged only when this run took away a still-valid one: whether projects rely on the
  // organization level is not something the API tells, so an expired one changes nothing.
  const orgRemovedValid = (wouldApply ? org.due.planned : org.due.deactivated).filter((c) =>
    isValidAt(c, nowSeconds),
  ).length;
  const orgLeftWithout = orgRemovedValid > 0 && orgValidLeft === 0;
  // Certificates confirmed active in a scanned project; without a project scan, the
  // organization's list is all there is to go by.
  const warnings = scanned
    ? [...projects.map((p) => p.warnings), orgActiveWarnings]
    : [orgWarnings];
  const counts: Report["counts"] = {
    organization_certificates: org.certificates,
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
    warnings: distinct(warnings),
    unknown_expiry: scanned
      ? distinct(result.projects.map((p) => p.unknownExpiry))
      : org.unknownExpiry.length,
    warnings_announced: distinct(warnings.map((ws) => ws.filter((w) => w.tier_days !== null))),
    projects_without_valid_certificate: projects.filter((p) => p.no_valid_certificate_left).length,
    organization_certificates_deactivated: org.due.deactivated.length,
    organization_certificates_planned: org.due.planned.length,
    organization_certificates_failed: org.due.failures.reduce(
      (n, f) => n + f.certificates.length,
      0,
    ),
    organization_certificates_left_active: org.due.leftActive.length,
  };
  const failures = [...projects.flatMap((p) => p.failures), ...org.due.failures];
  const outcome = outcomeOf(counts, {
    runErrors: result.runErrors.length,
    failed: failures.some((f) => f.reason !== "safety_cap"),
    capTripped: result.capTripped,
    incomplete: result.notScanned.length > 0,
  });
  const digest = facts.notice.digest;
  const settings = facts.noticeSettings;
  return {
    report_version: REPORT_VERSION,
    source: "openai-cert-sweeper",
    run_id: facts.runId,
    evaluated_at: new Date(result.evaluatedAt).toISOString(),
    dry_run: facts.enforcement.dryRun,
    outcome,
    severity: severityOf({
      outcome,
      counts,
      digest,
      organization: { no_valid_certificate_left: orgLeftWithout },
    }),
    digest,
    policy: {
      deactivate_within_days: facts.policy.deactivateWithinDays,
      warn_within_days: facts.policy.warnWithinDays,
      max_deactivations_per_run: facts.enforcement.maxDeactivationsPerRun,
      warn_tiers_days: [...settings.tiersDays],
      schedule_period_hours: settings.periodHours,
      digest_weekday:
        settings.digestWeekday === undefined
          ? null
          : (WEEKDAY_NAMES[settings.digestWeekday] ?? null),
      deactivate_organization_certificates: facts.enforcement.deactivateOrganization,
    },
    cap_tripped: result.capTripped,
    counts,
    errors: result.runErrors.map((e) => ({
      stage: e.stage,
      error: e.error,
      request_id: e.requestId,
    })),
    organization: {
      project_scan: result.projectScan,
      expiring_soon: orgWarnings,
      active_expiring_soon: orgActiveWarnings,
      unknown_expiry: org.unknownExpiry.map(cert),
      deactivated: org.due.deactivated.map(deactivatedEntry),
      planned: org.due.planned.map(cert),
      failures: org.due.failures.map(failureEntry),
      left_active: org.due.leftActive.map(cert),
      no_valid_certificate_left: orgLeftWithout,
    },
    projects,
    projects_not_scanned: notScanned,
    projects_skipped: {
      archived: result.skipped.filter((s) => s.reason === "archived").length,
      not_included: result.skipped.filter((s) => s.reason === "not_included").length,
      excluded: result.skipped.filter((s) => s.reason === "excluded").map((s) => s.id),
    },
    part: { index: 1, count: 1 },
  };
}
