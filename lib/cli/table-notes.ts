// The notes under a block of the CLI's tables.
import type { ReportCertificate, ReportProject } from "../report/entry-schemas.js";
import type { Report } from "../report/schema.js";
import { replacementText } from "../report/words.js";

/** Where a row's dates come from, and why an expiry is unknown, when the PEM was read for it. */
export const certificateNotes = (certificates: readonly ReportCertificate[]): string[] =>
  certificates.flatMap((c) => [
    ...(c.dates_from === "certificate" ? [`${c.id}: dates read from its PEM`] : []),
    ...(c.unknown_reason ? [`${c.id}: ${c.unknown_reason}`] : []),
    ...(c.replacement ? [`${c.id}: ${replacementText(c.replacement)}`] : []),
  ]);

export const dueOf = (
  due: Pick<ReportProject, "deactivated" | "planned" | "failures"> &
    Partial<Pick<ReportProject, "held_back">>,
) => [
  ...due.deactivated,
  ...(due.held_back ?? []),
  ...due.planned,
  ...due.failures.flatMap((f) => f.certificates),
];

/** The critical note of a block this run leaves (or would leave) without a valid certificate. */
export const leftWithout = (
  holder: { no_valid_certificate_left: boolean },
  r: Report,
  consequence: string,
): string[] =>
  holder.no_valid_certificate_left
    ? [
        `CRITICAL: ${r.dry_run ? "would be left" : "left"} without a valid certificate${consequence}`,
      ]
    : [];
