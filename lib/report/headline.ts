// One line saying what a run did: the start of the email, of the SNS Subject and of the CLI's summary.
import type { Report } from "./schema.js";
import { totals } from "./totals.js";
import { plural } from "./words.js";

/**
 * The certificates due when the cap tripped. Nothing is deactivated then (but what a first attempt
 * did before a rotated key), so each due one is deactivated, planned (a dry run) or a failure; the
 * counts say so for the whole run, also in each part of a split report.
 */
export function dueAtCap(r: Report): number {
  const all = totals(r.counts);
  return all.deactivated + all.planned + all.failed;
}

/** One line saying what the run did; the start of the email and of the SNS Subject. */
export function headline(r: Report): string {
  const held = r.counts.certificates_held_back + r.counts.organization_certificates_held_back;
  const rest = leftWithoutHeadline(r);
  if (held === 0) return rest;
  // Said first: the operator has until its expiry to activate a replacement.
  const all = [...r.projects.flatMap((p) => p.held_back), ...r.organization.held_back];
  // The guard's reason, or a replacement that could not be activated in time.
  const why = all.every((h) => h.reason === "last_valid") ? " as the last valid one" : "";
  const critical = `CRITICAL: ${plural(held, "certificate")} held back${why}`;
  return `${critical}; ${rest.replace(/^CRITICAL: /, "").replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())}`;
}

function leftWithoutHeadline(r: Report): string {
  const n = r.counts.projects_without_valid_certificate;
  const atOrg = r.organization.no_valid_certificate_left;
  if (n === 0 && !atOrg) return outcomeHeadline(r);
  const who = [n > 0 ? plural(n, "project") : "", atOrg ? "the organization level" : ""]
    .filter(Boolean)
    .join(" and ");
  // Said first, so that it survives the Subject's 100 characters.
  const critical = `CRITICAL: ${who} ${r.dry_run ? "would be " : ""}left without a valid certificate`;
  return `${critical}; ${outcomeHeadline(r).replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())}`;
}

function outcomeHeadline(r: Report): string {
  const c = r.counts;
  const inProjects = (n: number, projects: number, atOrg: number) =>
    [
      n > 0 || atOrg === 0 ? `${plural(n, "certificate")} in ${plural(projects, "project")}` : "",
      atOrg > 0 ? `${atOrg} at the organization level` : "",
    ]
      .filter(Boolean)
      .join(" and ");
  switch (r.outcome) {
    case "failed": {
      const what = [
        ...r.errors.map((e) => `${e.stage} failed`),
        c.projects_failed > 0 ? `${plural(c.projects_failed, "project")} failed` : "",
        c.organization_certificates_failed > 0 ? "organization-level deactivation failed" : "",
        c.projects_not_scanned > 0
          ? `${plural(c.projects_not_scanned, "project")} not scanned`
          : "",
      ].filter(Boolean);
      return `FAILED: ${what.join(", ")}; ${plural(totals(c).deactivated, "certificate")} deactivated`;
    }
    case "cap_exceeded":
      return `Safety cap tripped: ${plural(dueAtCap(r), "certificate")} due, limit ${r.policy.max_deactivations_per_run}; nothing deactivated`;
    case "planned": {
      const activate =
        c.activations_planned > 0
          ? `, activating ${plural(c.activations_planned, "replacement")} first`
          : "";
      return `${r.dry_run ? "Dry run: would deactivate" : "Not confirmed: would deactivate"} ${inProjects(c.certificates_planned, c.projects_planned, c.organization_certificates_planned)}${activate}`;
    }
    case "deactivated": {
      const activated =
        c.certificates_activated > 0
          ? `, after activating ${plural(c.certificates_activated, "replacement")}`
          : "";
      return `Deactivated ${inProjects(c.certificates_deactivated, c.projects_deactivated, c.organization_certificates_deactivated)}${activated}`;
    }
    case "nothing_to_do": {
      const left =
        c.organization_certificates_left_active > 0
          ? `; ${plural(c.organization_certificates_left_active, "expiring certificate")} left active at the organization level`
          : "";
      const crossed = `${plural(c.warnings_announced, "certificate")} crossed a warning tier`;
      if (r.digest && c.warnings > 0) {
        const announced = c.warnings_announced > 0 ? `, ${crossed}` : "";
        return `Weekly digest: ${plural(c.warnings, "certificate")} expiring within ${plural(r.policy.warn_within_days, "day")}${announced}${left}`;
      }
      if (c.warnings_announced > 0) return `Nothing to deactivate; ${crossed}${left}`;
      return `Nothing to deactivate${left}`;
    }
  }
}
