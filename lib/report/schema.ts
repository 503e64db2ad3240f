import * as v from "valibot";

// The JSON report that machine subscribers receive. Bump REPORT_VERSION on any change that could
// break a consumer (a removed or renamed field, a changed meaning); adding fields keeps it.
export const REPORT_VERSION = 1;

/** Instants are ISO 8601 UTC strings; `expires_at` is null when the API gave no usable expiry. */
const CertificateSchema = v.object({
  id: v.string(),
  name: v.nullable(v.string()),
  expires_at: v.nullable(v.string()),
});
const WarningSchema = v.object({ ...CertificateSchema.entries, days_left: v.number() });
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const OUTCOMES = [
  "failed",
  "cap_exceeded",
  "planned",
  "deactivated",
  "nothing_to_do",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

const ProjectEntrySchema = v.object({
  id: v.string(),
  name: v.nullable(v.string()),
  deactivated: v.array(CertificateSchema),
  planned: v.array(CertificateSchema),
  failures: v.array(
    v.object({
      stage: v.picklist(["list", "deactivate"]),
      error: v.string(),
      certificates: v.array(CertificateSchema),
    }),
  ),
  warnings: v.array(WarningSchema),
  unknown_expiry: v.array(CertificateSchema),
});

export const ReportSchema = v.object({
  report_version: v.literal(REPORT_VERSION),
  source: v.literal("openai-cert-sweeper"),
  run_id: v.string(),
  evaluated_at: v.string(),
  dry_run: v.boolean(),
  outcome: v.picklist(OUTCOMES),
  policy: v.object({
    deactivate_within_days: v.number(),
    warn_within_days: v.number(),
    max_deactivations_per_run: count,
  }),
  cap_tripped: v.boolean(),
  counts: v.object({
    organization_certificates: count,
    projects_listed: count,
    projects_scanned: count,
    projects_failed: count,
    projects_not_scanned: count,
    projects_skipped: count,
    certificates_deactivated: count,
    certificates_planned: count,
    certificates_failed: count,
    /** Projects in which at least one certificate was deactivated / planned. */
    projects_deactivated: count,
    projects_planned: count,
    /** Certificates expiring soon / without a usable expiry, active in a scanned project (or, when no project was scanned, in the organization's list). */
    warnings: count,
    unknown_expiry: count,
  }),
  /** Failures of the run as a whole (reading the key, authentication, listing the organization). */
  errors: v.array(v.object({ stage: v.string(), error: v.string() })),
  /** From the organization certificate list, whether or not projects were scanned. */
  organization: v.object({
    project_scan: v.picklist(["done", "skipped_nothing_due", "not_reached"]),
    expiring_soon: v.array(WarningSchema),
    unknown_expiry: v.array(CertificateSchema),
  }),
  /** Only the projects with something to report. */
  projects: v.array(ProjectEntrySchema),
  projects_not_scanned: v.array(
    v.object({
      id: v.string(),
      name: v.nullable(v.string()),
      reason: v.picklist(["time_budget", "run_aborted", "not_found"]),
    }),
  ),
  projects_skipped: v.object({
    archived: count,
    not_included: count,
    excluded: v.array(v.string()),
  }),
  /** Large reports are split over several SNS messages; each part repeats the header and counts. */
  part: v.object({ index: count, count: count }),
});

export type Report = v.InferOutput<typeof ReportSchema>;
export type ReportCertificate = v.InferOutput<typeof CertificateSchema>;
export type ReportProject = v.InferOutput<typeof ProjectEntrySchema>;
