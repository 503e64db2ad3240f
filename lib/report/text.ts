import type { ReportCertificate, ReportProject } from "./entry-schemas.js";
import { dueAtCap, headline } from "./headline.js";
import type { Report } from "./schema.js";
import {
  ACTION,
  DATES_FROM_PEM,
  daysText,
  disagreementText,
  failureText,
  label,
  NOT_SCANNED_TEXT,
  plannedAction,
  plural,
  warningAction,
  when,
} from "./words.js";

/** The report as readable text, grouped by project, for email subscribers and the terminal. */
export function renderText(r: Report): string {
  const out: string[] = [headline(r), ""];
  const part = r.part.count > 1 ? ` (part ${r.part.index} of ${r.part.count})` : "";
  const p = r.policy;
  out.push(
    `Run ${r.run_id}${part}, expiry evaluated at ${when(r.evaluated_at)}${r.dry_run ? ", DRY RUN" : ""}${r.digest ? ", weekly digest" : ""}.`,
    `Policy: deactivate certificates expiring within ${plural(p.deactivate_within_days, "day")}, warn within ${plural(p.warn_within_days, "day")}${p.warn_tiers_days.length > 0 ? ` (announced at ${p.warn_tiers_days.join(", ")} days)` : ""}, at most ${p.max_deactivations_per_run} deactivations per run.`,
  );
  if (r.cap_tripped) {
    out.push(
      `The safety cap tripped: ${plural(dueAtCap(r), "certificate")} due, more than MAX_DEACTIVATIONS_PER_RUN (${p.max_deactivations_per_run}); nothing was deactivated.`,
    );
  }
  const critical = r.projects.filter((x) => x.no_valid_certificate_left);
  section(
    out,
    `CRITICAL: ${r.dry_run ? "would be " : ""}left without a valid certificate (the next mutual-TLS request from these projects will fail)`,
    [
      ...critical.map(label),
      ...(r.organization.no_valid_certificate_left
        ? ["the organization level (for every project that relies on it)"]
        : []),
    ],
  );
  section(
    out,
    "Run errors",
    r.errors.map((e) => `${e.stage}: ${e.error}`),
  );
  const scanned = r.organization.project_scan === "done";
  for (const project of r.projects) {
    const lines = projectLines(project, r, scanned);
    if (lines.length > 0) out.push("", label(project), ...lines.map(bullet));
  }
  organizationLines(out, r, scanned);
  section(
    out,
    "Listings that contradict the certificate's own dates (the certificate's were used)",
    r.organization.date_disagreements.map(disagreementText),
  );
  section(
    out,
    "Not scanned",
    r.projects_not_scanned.map((x) => `${label(x)}: ${NOT_SCANNED_TEXT[x.reason]}`),
  );
  const quiet = r.counts.warnings - r.counts.warnings_announced;
  if (!r.digest && quiet > 0) {
    const digest = p.digest_weekday ? ` (all are listed in the ${p.digest_weekday} digest)` : "";
    out.push(
      "",
      `Also in the warning window, announced in earlier runs: ${plural(quiet, "certificate")}${digest}.`,
    );
  }
  const s = r.projects_skipped;
  const c = r.counts;
  out.push(
    "",
    `Skipped: ${s.archived} archived, ${s.not_included} not in INCLUDE_PROJECTS, ${s.excluded.length} excluded${s.excluded.length ? ` (${s.excluded.join(", ")})` : ""}.`,
    `Counts: ${c.organization_certificates} organization certificates; projects listed ${c.projects_listed}, scanned ${c.projects_scanned}, failed ${c.projects_failed}, not scanned ${c.projects_not_scanned}, skipped ${c.projects_skipped}; certificates deactivated ${c.certificates_deactivated}, planned ${c.certificates_planned}, failed ${c.certificates_failed}; at the organization level deactivated ${c.organization_certificates_deactivated}, planned ${c.organization_certificates_planned}, left active ${c.organization_certificates_left_active}; expiring soon ${c.warnings} (${c.warnings_announced} announced now); unknown expiry ${c.unknown_expiry}; projects left without a valid certificate ${c.projects_without_valid_certificate}.`,
  );
  return out.join("\n");
}

/** A certificate with its expiry and the days left or since expiry. */
function certLine(c: ReportCertificate, evaluatedAt: string): string {
  if (c.expires_at === null) return `${label(c)}, expiry unknown`;
  const verb = c.expires_at <= evaluatedAt ? "expired" : "expires";
  const source = c.dates_from === "certificate" ? ` ${DATES_FROM_PEM}` : "";
  return `${label(c)}, ${verb} ${when(c.expires_at)}${source}, ${daysText(c.expires_at, evaluatedAt)}`;
}

/** An unknown expiry, with why the certificate's own PEM did not tell it, when it was read. */
const unknownLine = (c: ReportCertificate) =>
  `${ACTION.unknownExpiry}: ${label(c)}${c.unknown_reason ? `: ${c.unknown_reason}` : ""}`;

function projectLines(p: ReportProject, r: Report, scanned: boolean): string[] {
  const at = r.evaluated_at;
  return [
    ...p.deactivated.map((c) => `${ACTION.deactivated}: ${certLine(c, at)}`),
    ...p.planned.map((c) => `${plannedAction(r)}: ${certLine(c, at)}`),
    ...p.failures.flatMap((f) => [
      failureText(f),
      ...f.certificates.map((c) => `  ${ACTION.stillActive}: ${certLine(c, at)}`),
    ]),
    ...(scanned ? warningLines(p.warnings, r) : []),
    ...(scanned ? p.unknown_expiry.map(unknownLine) : []),
  ];
}

/** The warnings worth a line: those announced now, or all of them in the digest. */
function warningLines(warnings: Report["projects"][number]["warnings"], r: Report): string[] {
  return warnings
    .filter((w) => r.digest || w.tier_days !== null)
    .map((w) => `${warningAction(w)}: ${certLine(w, r.evaluated_at)}`);
}

function organizationLines(out: string[], r: Report, scanned: boolean): void {
  const o = r.organization;
  const at = r.evaluated_at;
  const lines = [
    ...o.deactivated.map((c) => `${ACTION.deactivated}: ${certLine(c, at)}`),
    ...o.planned.map((c) => `${plannedAction(r)}: ${certLine(c, at)}`),
    ...o.failures.flatMap((f) => [
      failureText(f),
      ...f.certificates.map((c) => `  ${ACTION.stillActive}: ${certLine(c, at)}`),
    ]),
    ...o.left_active.map((c) => `${ACTION.leftActive}: ${certLine(c, at)}`),
    ...warningLines(scanned ? o.active_expiring_soon : o.expiring_soon, r),
    ...(scanned ? [] : o.unknown_expiry.map(unknownLine)),
  ];
  if (o.project_scan === "skipped_nothing_due") {
    out.push("", "No certificate is in the deactivation window, so projects were not scanned.");
  }
  if (lines.length === 0) return;
  out.push("", "Organization level:", ...lines.map(bullet));
}

/** A line under a project: a bullet, or, when it is indented, a detail of the bullet above. */
const bullet = (line: string) =>
  line.startsWith("  ") ? `    ${line.trimStart()}` : `  - ${line}`;

function section(out: string[], title: string, lines: string[]): void {
  if (lines.length === 0) return;
  out.push("", `${title}:`, ...lines.map((l) => `  - ${l}`));
}
