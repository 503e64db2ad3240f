import type { ReportCertificate, ReportProject } from "../report/entry-schemas.js";
import { headline } from "../report/headline.js";
import type { Report } from "../report/schema.js";
import {
  ACTION,
  disagreementText,
  failureText,
  heldBackAction,
  label,
  NOT_SCANNED_TEXT,
  plannedAction,
  plannedActivation,
  warningAction,
  when,
} from "../report/words.js";
import { daysColumn, type Row, table } from "./table-layout.js";
import { certificateNotes, dueOf, leftWithout } from "./table-notes.js";

/** A block: a title, its table and its notes, or nothing when it has neither. */
interface Block {
  title: string;
  rows: Row[];
  notes: string[];
}

/**
 * How a report's certificates become rows: its instant, what a planned one is called, and
 * whether the projects were scanned (else the organization's own list stands in for them).
 */
interface RowMaker {
  row: (c: ReportCertificate, action: string) => Row;
  planned: string;
  plannedActivation: string;
  scanned: boolean;
}

/**
 * What `cert-sweep plan` and `apply` print: a table per project (certificate, name, expiry, days
 * left or since expiry, action), then the organization level, then the run's headline and counts.
 */
export function renderTables(r: Report, title: string = headline(r)): string {
  const make: RowMaker = {
    row: (c, action) => [
      c.id,
      c.name ?? "-",
      when(c.expires_at, "-"),
      daysColumn(c.expires_at, r.evaluated_at),
      action,
    ],
    planned: plannedAction(r),
    plannedActivation: plannedActivation(r),
    scanned: r.organization.project_scan === "done",
  };
  const out: string[] = [];
  for (const { title, rows, notes } of [
    ...r.projects.map((p) => projectBlock(p, r, make)),
    organizationBlock(r, make),
  ]) {
    if (rows.length === 0 && notes.length === 0) continue;
    out.push(title, ...(rows.length > 0 ? table(rows) : []), ...notes.map((n) => `  ${n}`), "");
  }
  for (const d of r.organization.date_disagreements) out.push(`Dates: ${disagreementText(d)}`);
  if (r.organization.date_disagreements.length > 0) out.push("");
  if (r.organization.project_scan === "skipped_nothing_due") {
    out.push("No certificate is in the deactivation window, so projects were not scanned.", "");
  }
  for (const e of r.errors) out.push(`Error (${e.stage}): ${e.error}`);
  for (const p of r.projects_not_scanned) {
    out.push(`Not scanned: ${label(p)}: ${NOT_SCANNED_TEXT[p.reason]}`);
  }
  if (r.errors.length + r.projects_not_scanned.length > 0) out.push("");
  const c = r.counts;
  out.push(
    title,
    `Projects: ${c.projects_listed} listed, ${c.projects_scanned} scanned, ${c.projects_skipped} skipped, ${c.projects_failed} failed, ${c.projects_not_scanned} not scanned. Certificates: ${c.organization_certificates} in the organization, ${c.warnings} expiring soon, ${c.unknown_expiry} with unknown expiry.`,
  );
  return `${out.join("\n")}\n`;
}

/** The rows of what was deactivated, planned, or left active by a failure. */
const dueRows = (
  make: RowMaker,
  due: Pick<ReportProject, "deactivated" | "held_back" | "planned" | "failures"> &
    Partial<Pick<ReportProject, "activated" | "activation_planned">>,
): Row[] => [
  // A replacement comes before the certificate it takes over from, as it is activated first.
  ...(due.activated ?? []).map((c) => make.row(c, ACTION.activated)),
  ...(due.activation_planned ?? []).map((c) => make.row(c, make.plannedActivation)),
  ...due.deactivated.map((c) => make.row(c, ACTION.deactivated)),
  ...due.held_back.map((h) => make.row(h, heldBackAction(h))),
  ...due.planned.map((c) => make.row(c, make.planned)),
  ...due.failures.flatMap((f) => f.certificates.map((c) => make.row(c, ACTION.stillActive))),
];

function projectBlock(p: ReportProject, r: Report, make: RowMaker): Block {
  const warnings = make.scanned ? p.warnings : [];
  const unknown = make.scanned ? p.unknown_expiry : [];
  return {
    title: label(p),
    rows: [
      ...dueRows(make, p),
      ...warnings.map((w) => make.row(w, warningAction(w))),
      ...unknown.map((c) => make.row(c, ACTION.unknownExpiry)),
    ],
    notes: [
      ...p.failures.map(failureText),
      ...certificateNotes([...dueOf(p), ...warnings, ...unknown]),
      ...leftWithout(p, r, "; the next mutual-TLS request from this project will fail"),
    ],
  };
}

function organizationBlock(r: Report, make: RowMaker): Block {
  const o = r.organization;
  const warnings = make.scanned ? o.active_expiring_soon : o.expiring_soon;
  const unknown = make.scanned ? [] : o.unknown_expiry;
  return {
    title: "Organization level",
    rows: [
      ...dueRows(make, o),
      ...o.left_active.map((c) => make.row(c, ACTION.leftActive)),
      ...warnings.map((w) => make.row(w, warningAction(w))),
      ...unknown.map((c) => make.row(c, ACTION.unknownExpiry)),
    ],
    notes: [
      ...o.failures.map(failureText),
      ...certificateNotes([...dueOf(o), ...o.left_active, ...warnings, ...unknown]),
      ...leftWithout(o, r, " at this level; projects that rely on it will fail"),
      ...(o.left_active.length > 0
        ? [
            "Active for the whole organization: DEACTIVATE_ORGANIZATION_CERTIFICATES=true (or --deactivate-organization-certificates true) deactivates them.",
          ]
        : []),
    ],
  };
}
