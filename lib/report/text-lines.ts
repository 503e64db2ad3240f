// The lines of the report's text: a certificate, a project, the organization level, a section.
import type { ReportCertificate, ReportProject } from "./entry-schemas.js";
import type { Report } from "./schema.js";
import {
  ACTION,
  DATES_FROM_PEM,
  daysText,
  failureText,
  heldBackAction,
  label,
  plannedAction,
  plannedActivation,
  replacementText,
  warningAction,
  when,
} from "./words.js";

/** A certificate with its expiry and the days left or since expiry. */
function certLine(c: ReportCertificate, evaluatedAt: string): string {
  if (c.expires_at === null) return `${label(c)}, expiry unknown`;
  const verb = c.expires_at <= evaluatedAt ? "expired" : "expires";
  const source = c.dates_from === "certificate" ? ` ${DATES_FROM_PEM}` : "";
  const successor = c.replacement ? `; ${replacementText(c.replacement)}` : "";
  return `${label(c)}, ${verb} ${when(c.expires_at)}${source}, ${daysText(c.expires_at, evaluatedAt)}${successor}`;
}

/** An unknown expiry, with why the certificate's own PEM did not tell it, when it was read. */
const unknownLine = (c: ReportCertificate) =>
  `${ACTION.unknownExpiry}: ${label(c)}${c.unknown_reason ? `: ${c.unknown_reason}` : ""}`;

/** What became of the due certificates of a project or the organization level, one line each. */
function dueLines(
  due: Pick<ReportProject, "deactivated" | "held_back" | "planned" | "failures"> &
    Partial<Pick<ReportProject, "activated" | "activation_planned">>,
  r: Report,
): string[] {
  const at = r.evaluated_at;
  return [
    // A replacement comes before the certificate it takes over from, as it is activated first.
    ...(due.activated ?? []).map((c) => `${ACTION.activated}: ${certLine(c, at)}`),
    ...(due.activation_planned ?? []).map((c) => `${plannedActivation(r)}: ${certLine(c, at)}`),
    ...due.deactivated.map((c) => `${ACTION.deactivated}: ${certLine(c, at)}`),
    ...due.held_back.map((h) => `${heldBackAction(h)}: ${certLine(h, at)}`),
    ...due.planned.map((c) => `${plannedAction(r)}: ${certLine(c, at)}`),
    ...due.failures.flatMap((f) => [
      failureText(f),
      ...f.certificates.map((c) => `  ${ACTION.stillActive}: ${certLine(c, at)}`),
    ]),
  ];
}

export function projectLines(p: ReportProject, r: Report, scanned: boolean): string[] {
  const _at = r.evaluated_at;
  return [
    ...dueLines(p, r),
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

export function organizationLines(out: string[], r: Report, scanned: boolean): void {
  const o = r.organization;
  const at = r.evaluated_at;
  const lines = [
    ...dueLines(o, r),
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
export const bullet = (line: string) =>
  line.startsWith("  ") ? `    ${line.trimStart()}` : `  - ${line}`;

export function section(out: string[], title: string, lines: string[]): void {
  if (lines.length === 0) return;
  out.push("", `${title}:`, ...lines.map((l) => `  - ${l}`));
}
