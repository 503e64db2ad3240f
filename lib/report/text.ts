import { STOP_REASON_TEXT } from "../sweep/run-control.js";
import type { Report, ReportCertificate } from "./schema.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const when = (iso: string | null) =>
  iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "unknown";
const label = (c: { id: string; name: string | null }) => (c.name ? `${c.name} (${c.id})` : c.id);
const NOT_SCANNED_TEXT = {
  ...STOP_REASON_TEXT,
  not_found: "named in INCLUDE_PROJECTS but not in the project list",
};

/** One line saying what the run did; the start of the email and of the SNS Subject. */
export function headline(r: Report): string {
  const c = r.counts;
  const inProjects = (n: number, projects: number) =>
    `${plural(n, "certificate")} in ${plural(projects, "project")}`;
  switch (r.outcome) {
    case "failed": {
      const what = [
        ...r.errors.map((e) => `${e.stage} failed`),
        c.projects_failed > 0 ? `${plural(c.projects_failed, "project")} failed` : "",
        c.projects_not_scanned > 0
          ? `${plural(c.projects_not_scanned, "project")} not scanned`
          : "",
      ].filter(Boolean);
      return `FAILED: ${what.join(", ")}; ${plural(c.certificates_deactivated, "certificate")} deactivated`;
    }
    case "cap_exceeded":
      return `Safety cap tripped: ${c.certificates_planned} deactivations planned, limit ${r.policy.max_deactivations_per_run}; nothing deactivated`;
    case "planned":
      return `Dry run: would deactivate ${inProjects(c.certificates_planned, c.projects_planned)}`;
    case "deactivated":
      return `Deactivated ${inProjects(c.certificates_deactivated, c.projects_deactivated)}`;
    case "nothing_to_do":
      return c.warnings > 0
        ? `Nothing to deactivate; ${plural(c.warnings, "certificate")} expiring within ${plural(r.policy.warn_within_days, "day")}`
        : "Nothing to deactivate";
  }
}

/** The report as readable text, for email subscribers and the terminal. */
export function renderText(r: Report): string {
  const out: string[] = [headline(r), ""];
  const part = r.part.count > 1 ? ` (part ${r.part.index} of ${r.part.count})` : "";
  out.push(
    `Run ${r.run_id}${part}, expiry evaluated at ${when(r.evaluated_at)}${r.dry_run ? ", DRY RUN" : ""}.`,
  );
  out.push(
    `Policy: deactivate certificates expiring within ${plural(r.policy.deactivate_within_days, "day")}, warn within ${plural(r.policy.warn_within_days, "day")}, at most ${r.policy.max_deactivations_per_run} deactivations per run.`,
  );
  if (r.cap_tripped) {
    out.push(
      `The safety cap tripped: ${r.counts.certificates_planned} deactivations planned, more than MAX_DEACTIVATIONS_PER_RUN; nothing was deactivated.`,
    );
  }
  section(
    out,
    "Run errors",
    r.errors.map((e) => `${e.stage}: ${e.error}`),
  );
  perProject(out, "Deactivated", r, (p) => p.deactivated.map((c) => certLine(c, r.evaluated_at)));
  perProject(out, r.dry_run ? "Would deactivate (dry run)" : "Planned, not deactivated", r, (p) =>
    p.planned.map((c) => certLine(c, r.evaluated_at)),
  );
  perProject(out, "Failures", r, (p) =>
    p.failures.map((f) =>
      [
        `${f.stage} failed: ${f.error}`,
        ...f.certificates.map((c) => certLine(c, r.evaluated_at)),
      ].join("\n"),
    ),
  );
  if (r.organization.project_scan === "done") {
    perProject(out, "Expiring soon", r, (p) =>
      p.warnings.map((w) => warningLine(w, r.evaluated_at)),
    );
    perProject(out, "Unknown expiry (never deactivated)", r, (p) =>
      p.unknown_expiry.map((c) => label(c)),
    );
  } else {
    if (r.organization.project_scan === "skipped_nothing_due") {
      out.push("", "No certificate is in the deactivation window, so projects were not scanned.");
    }
    section(
      out,
      "Expiring soon (uploaded to the organization; where active is unknown)",
      r.organization.expiring_soon.map((w) => warningLine(w, r.evaluated_at)),
    );
    section(
      out,
      "Unknown expiry (uploaded to the organization; never deactivated)",
      r.organization.unknown_expiry.map(label),
    );
  }
  section(
    out,
    "Not scanned",
    r.projects_not_scanned.map((p) => `${label(p)}: ${NOT_SCANNED_TEXT[p.reason]}`),
  );
  const s = r.projects_skipped;
  const c = r.counts;
  out.push(
    "",
    `Skipped: ${s.archived} archived, ${s.not_included} not in INCLUDE_PROJECTS, ${s.excluded.length} excluded${s.excluded.length ? ` (${s.excluded.join(", ")})` : ""}.`,
    `Counts: ${c.organization_certificates} organization certificates; projects listed ${c.projects_listed}, scanned ${c.projects_scanned}, failed ${c.projects_failed}, not scanned ${c.projects_not_scanned}, skipped ${c.projects_skipped}; certificates deactivated ${c.certificates_deactivated}, planned ${c.certificates_planned}, failed ${c.certificates_failed}; expiring soon ${c.warnings}; unknown expiry ${c.unknown_expiry}.`,
  );
  return out.join("\n");
}

function certLine(c: ReportCertificate, evaluatedAt: string): string {
  if (c.expires_at === null) return `${label(c)}, expiry unknown`;
  return `${label(c)}, ${c.expires_at <= evaluatedAt ? "expired" : "expires"} ${when(c.expires_at)}`;
}

function warningLine(w: ReportCertificate & { days_left: number }, evaluatedAt: string): string {
  return `${certLine(w, evaluatedAt)}, ${plural(w.days_left, "day")} left`;
}

function section(out: string[], title: string, lines: string[]): void {
  if (lines.length === 0) return;
  out.push("", `${title}:`, ...lines.map((l) => `  - ${l}`));
}

function perProject(
  out: string[],
  title: string,
  r: Report,
  lines: (p: Report["projects"][number]) => string[],
): void {
  const blocks = r.projects.flatMap((p) => {
    const ls = lines(p);
    // An item may span lines: its first line is the bullet, the rest are indented beneath it.
    const item = (l: string) =>
      l.split("\n").map((line, i) => (i === 0 ? `    - ${line}` : `        ${line}`));
    return ls.length === 0 ? [] : [`  ${label(p)}`, ...ls.flatMap(item)];
  });
  if (blocks.length > 0) out.push("", `${title}:`, ...blocks);
}
