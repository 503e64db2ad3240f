// The layout of the CLI's tables: columns as wide as their widest cell, and the days column.
import { daysApart } from "../report/words.js";

const HEADER = ["CERTIFICATE", "NAME", "EXPIRES AT", "DAYS", "ACTION"] as const;
export type Row = [string, string, string, string, string];

/** "9 left", "<1 left", "3 ago", "<1 ago": days left, or days since expiry. */
export function daysColumn(expiresAt: string | null, evaluatedAt: string): string {
  if (expiresAt === null) return "-";
  const { days, left } = daysApart(expiresAt, evaluatedAt);
  return `${days === 0 ? "<1" : days} ${left ? "left" : "ago"}`;
}

/** Lays out rows under the header, each column as wide as its widest cell. */
export function table(rows: readonly Row[], indent = "  "): string[] {
  const all = [HEADER as unknown as Row, ...rows];
  const widths = HEADER.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  return all.map((row) =>
    (indent + row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")).trimEnd(),
  );
}
