// The words the report's text, its headline and the CLI's tables share.
import { STOP_REASON_TEXT } from "../sweep/run-control.js";
import type { ReportFailure } from "./entry-schemas.js";
import type { Report } from "./schema.js";

const DAY_MS = 86_400_000;
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
/** An ISO instant to the minute ("2026-11-28 06:00 UTC"), or `unknown` for null. */
export const when = (iso: string | null, unknown = "unknown") =>
  iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : unknown;
/** "Name (id)", or the id alone for a nameless certificate or project. */
export const label = (c: { id: string; name: string | null }) =>
  c.name ? `${c.name} (${c.id})` : c.id;
/** Why a project was not scanned, in words. */
export const NOT_SCANNED_TEXT = {
  ...STOP_REASON_TEXT,
  not_found: "named in INCLUDE_PROJECTS but not in the project list",
};

/** "3 days left", "less than a day left", "2 days since expiry"; empty for an unknown expiry. */
export function daysText(expiresAt: string | null, evaluatedAt: string): string {
  if (expiresAt === null) return "";
  const { days, left } = daysApart(expiresAt, evaluatedAt);
  if (left) return days === 0 ? "less than a day left" : `${plural(days, "day")} left`;
  return days === 0 ? "expired less than a day ago" : `${plural(days, "day")} since expiry`;
}

/** Whole days between expiry and evaluation (rounded down), and whether expiry is still ahead. */
export function daysApart(expiresAt: string, evaluatedAt: string): { days: number; left: boolean } {
  const ms = Date.parse(expiresAt) - Date.parse(evaluatedAt);
  return { days: Math.floor(Math.abs(ms) / DAY_MS), left: ms > 0 };
}

/** A failure in words: "deactivate failed: <error>", or "not attempted: <why>" for a call never made. */
export const failureText = (f: ReportFailure): string =>
  f.reason === "error" || f.reason === "unconfirmed" ? `${f.stage} failed: ${f.error}` : f.error;

/** What became of a certificate, in the words of the email and of the CLI's tables alike. */
export const ACTION = {
  deactivated: "deactivated",
  activated: "activated",
  /** Left active by a failed or unattempted call; the failure's own line says which and why. */
  stillActive: "still active",
  leftActive: "left active (DEACTIVATE_ORGANIZATION_CERTIFICATES is off)",
  unknownExpiry: "unknown expiry, never deactivated",
} as const;

/** What a planned deactivation is called: it depends on why it did not happen. */
export const plannedAction = (r: Pick<Report, "cap_tripped" | "dry_run">) =>
  r.cap_tripped ? "not deactivated (cap)" : r.dry_run ? "would deactivate" : "not confirmed";

/** A warning by the tier it announces, or "expiring" outside one (in the digest). */
export const warningAction = (w: { tier_days: number | null }) =>
  w.tier_days === null ? "expiring" : `${w.tier_days}-day warning`;

/** Said of a date that is the certificate's own (its PEM), not its listing's. */
export const DATES_FROM_PEM = "(from its PEM)";

/** A listing that contradicts its certificate's PEM, in one line. */
export function disagreementText(d: Report["organization"]["date_disagreements"][number]): string {
  const listed = (at: string | null) => when(at, "none");
  return `${label(d)}: listed valid ${listed(d.listing.valid_at)} to ${listed(d.listing.expires_at)}, its PEM says ${when(d.certificate.valid_at)} to ${when(d.certificate.expires_at)}`;
}

/** A certificate held back as the last valid one where it is active, with the validity it has left. */
export const heldBackAction = (h: { hours_left: number; reason: string }) =>
  `held back, ${h.reason === "last_valid" ? "the last valid one" : "its replacement was not activated"} (${h.hours_left === 0 ? "under an hour" : plural(h.hours_left, "hour")} left)`;

/** What a planned activation of a replacement is called: it depends on why it did not happen. */
export const plannedActivation = (r: Pick<Report, "cap_tripped" | "dry_run">) =>
  r.cap_tripped ? "not activated (cap)" : r.dry_run ? "would activate" : "not confirmed";

/** "replacement available: name (id), expires …", said next to the certificate it takes over from. */
export const replacementText = (replacement: {
  id: string;
  name: string | null;
  expires_at: string | null;
}) => `replacement available: ${label(replacement)}, expires ${when(replacement.expires_at)}`;
