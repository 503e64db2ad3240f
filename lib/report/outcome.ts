// What a run came to (its outcome) and how urgent its report is (its severity).
import type { Outcome, Report, Severity } from "./schema.js";
import { totals } from "./totals.js";

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
  const all = totals(counts);
  if (all.planned > 0) return "planned";
  if (all.deactivated > 0) return "deactivated";
  return "nothing_to_do";
}

/** True when the run must end in an error (Lambda error metrics, retries, alarms). */
export const isFailure = (report: Pick<Report, "outcome">) =>
  report.outcome === "failed" || report.outcome === "cap_exceeded";

/** How urgent a report is (see SEVERITIES). */
export function severityOf(
  report: Pick<Report, "outcome" | "counts" | "digest" | "projects_not_scanned"> & {
    organization: Pick<Report["organization"], "no_valid_certificate_left">;
  },
): Severity {
  const c = report.counts;
  const leftWithout =
    c.projects_without_valid_certificate > 0 || report.organization.no_valid_certificate_left;
  // A certificate held back keeps a project working for now, and ops must act before it expires.
  const heldBack = c.certificates_held_back + c.organization_certificates_held_back > 0;
  if (isFailure(report) || leftWithout || heldBack) return "critical";
  const all = totals(c);
  const acted = all.deactivated + all.planned + c.organization_certificates_left_active;
  if (acted > 0) return "high";
  if (c.warnings_announced > 0 || (report.digest && c.warnings > 0)) return "warning";
  // A listing that contradicts the certificate's own dates is worth a look, though the PEM decided.
  if (c.date_disagreements > 0) return "warning";
  // An INCLUDE_PROJECTS id the organization does not have is likely a typo: that project goes
  // unswept every day until someone looks.
  if (report.projects_not_scanned.some((p) => p.reason === "not_found")) return "warning";
  return "info";
}
