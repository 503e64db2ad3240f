// The words the report's text, its headline and the CLI's tables share.
import { STOP_REASON_TEXT } from "../sweep/run-control.js";
import type { ReportFailure } from "./entry-schemas.js";

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
