import { dueAtCap, headline } from "./headline.js";
import type { Report } from "./schema.js";
import { bullet, organizationLines, projectLines, section } from "./text-lines.js";
import { disagreementText, label, NOT_SCANNED_TEXT, plural, when } from "./words.js";

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
  criticalSections(out, r);
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

/** What the reader must act on first: projects left without a valid certificate, and held back ones. */
function criticalSections(out: string[], r: Report): void {
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
    "CRITICAL: held back, to keep a valid certificate active where it is (the first run after it expires deactivates it; activate a replacement before then)",
    [
      ...r.projects.flatMap((x) => x.held_back.map((h) => `${label(h)} in ${label(x)}`)),
      ...r.organization.held_back.map((h) => `${label(h)} at the organization level`),
    ],
  );
}
