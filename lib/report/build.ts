import type { Notice, NoticeSettings } from "../notify/notice.js";
import type { Enforcement } from "../sweep/options.js";
import { isEventful } from "../sweep/outcome.js";
import type { ProjectOutcome, SweepResult } from "../sweep/result.js";
import { type ExpiryPolicy, isValidAt, type Warning } from "../sweep/select.js";
import { countsOf } from "./counts.js";
import {
  cert,
  dateDisagreementEntry,
  deactivatedEntry,
  failureEntry,
  heldBackEntry,
} from "./entries.js";
import type { ReportProject } from "./entry-schemas.js";
import { outcomeOf, severityOf } from "./outcome.js";
import { policyOf } from "./policy.js";
import { REPORT_VERSION, type Report } from "./schema.js";
import { validLeft } from "./valid-left.js";

export interface RunFacts {
  runId: string;
  policy: ExpiryPolicy;
  enforcement: Enforcement;
  noticeSettings: NoticeSettings;
  /** What this run announces (its slot's tier crossings, and whether it is the digest). */
  notice: Notice;
}

/** How one report is seen: its instant, its tiers, and whether its plan counts as carried out. */
interface View {
  nowSeconds: number;
  /** A dry run under the cap: the report tells what applying would do. */
  wouldApply: boolean;
  warning: (w: Warning) => ReportProject["warnings"][number];
}

/** Turns a sweep result into the versioned report (a single part; see sns-message.ts for splitting). */
export function buildReport(result: SweepResult, facts: RunFacts): Report {
  const view: View = {
    nowSeconds: Math.floor(result.evaluatedAt / 1000),
    wouldApply: facts.enforcement.dryRun && !result.capTripped,
    warning: (w) => ({ ...cert(w), days_left: w.days_left, tier_days: facts.notice.tierOf(w) }),
  };
  const organization = organizationEntry(result, view);
  const projects = result.projects
    .filter(isEventful)
    .map((p) => projectEntry(p, view, organization.validLeft));
  const notScanned = [
    ...result.notScanned,
    ...result.missingIncluded.map((id) => ({ id, name: null, reason: "not_found" as const })),
  ];
  const counts = countsOf(result, projects, organization.entry, notScanned.length);
  const failures = [...projects.flatMap((p) => p.failures), ...result.organization.due.failures];
  const outcome = outcomeOf(counts, {
    runErrors: result.runErrors.length,
    failed: failures.some((f) => f.reason !== "safety_cap"),
    capTripped: result.capTripped,
    incomplete: result.notScanned.length > 0,
  });
  const digest = facts.notice.digest;
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
      organization: organization.entry,
      projects_not_scanned: notScanned,
    }),
    digest,
    policy: policyOf(facts),
    cap_tripped: result.capTripped,
    counts,
    errors: result.runErrors.map((e) => ({
      stage: e.stage,
      error: e.error,
      request_id: e.requestId,
    })),
    organization: organization.entry,
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

/** A project, flagged when this run leaves it (or, in a dry run, would) without a valid one. */
function projectEntry(p: ProjectOutcome, view: View, orgValidLeft: number): ReportProject {
  // A project's own valid certificates, plus any the organization level keeps active for all.
  const removed = view.wouldApply ? p.planned.length : p.deactivated.length;
  const left = validLeft(p, view.nowSeconds, view.wouldApply) + orgValidLeft;
  return {
    id: p.id,
    name: p.name,
    deactivated: p.deactivated.map(deactivatedEntry),
    held_back: p.heldBack.map((h) => heldBackEntry(h, view.nowSeconds)),
    activated: p.activated.map(deactivatedEntry),
    activation_planned: p.activate.map(cert),
    planned: p.planned.map(cert),
    failures: p.failures.map(failureEntry),
    warnings: p.warnings.map(view.warning),
    unknown_expiry: p.unknownExpiry.map(cert),
    no_valid_certificate_left: removed > 0 && left === 0,
  };
}

function organizationEntry(
  result: SweepResult,
  view: View,
): { entry: Report["organization"]; validLeft: number } {
  const org = result.organization;
  const { due } = org;
  const left = validLeft({ ...due, validKept: org.validKept }, view.nowSeconds, view.wouldApply);
  // Flagged only when this run took away a still-valid one: whether projects rely on the
  // organization level is not something the API tells, so an expired one changes nothing.
  const removedValid = (view.wouldApply ? due.planned : due.deactivated).some((c) =>
    isValidAt(c, view.nowSeconds),
  );
  const entry: Report["organization"] = {
    project_scan: result.projectScan,
    expiring_soon: org.expiringSoon.map(view.warning),
    active_expiring_soon: org.activeExpiringSoon.map(view.warning),
    unknown_expiry: org.unknownExpiry.map(cert),
    deactivated: due.deactivated.map(deactivatedEntry),
    planned: due.planned.map(cert),
    failures: due.failures.map(failureEntry),
    left_active: due.leftActive.map(cert),
    held_back: due.heldBack.map((h) => heldBackEntry(h, view.nowSeconds)),
    no_valid_certificate_left: removedValid && left === 0,
    date_disagreements: org.dateDisagreements.map(dateDisagreementEntry),
  };
  return { entry, validLeft: left };
}
