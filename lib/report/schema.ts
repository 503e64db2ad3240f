import * as v from "valibot";
import {
  CertificateSchema,
  DateDisagreementSchema,
  DeactivatedSchema,
  FailureSchema,
  HeldBackSchema,
  ProjectEntrySchema,
  RequestIdSchema,
  WarningSchema,
} from "./entry-schemas.js";

// The JSON report that machine subscribers receive. Bump REPORT_VERSION on any change that could
// break a consumer (a removed or renamed field, a changed meaning); adding fields keeps it.
// 2: `planned` is only a dry run's or an unconfirmed plan's; a real run reports what it left due
// and active as `failures` with a `reason` (a tripped cap included, which version 1 counted as
// planned).
export const REPORT_VERSION = 2;

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const OUTCOMES = [
  "failed",
  "cap_exceeded",
  "planned",
  "deactivated",
  "nothing_to_do",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * How urgent the message is, for subscription filter policies: `critical` when a project is left
 * with no valid certificate or the run failed; `high` when certificates were (or would be)
 * deactivated or an expiring one stays active at the organization level; `warning` for newly
 * announced warnings (or the digest), a listing that contradicts a certificate's own PEM, or an
 * INCLUDE_PROJECTS id not in the organization;
 * `info` otherwise.
 */
const SEVERITIES = ["info", "warning", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ReportSchema = v.object({
  report_version: v.literal(REPORT_VERSION),
  source: v.literal("openai-cert-sweeper"),
  run_id: v.string(),
  evaluated_at: v.string(),
  dry_run: v.boolean(),
  outcome: v.picklist(OUTCOMES),
  severity: v.picklist(SEVERITIES),
  /** True when this run is the weekly digest: every warning is listed, announced before or not. */
  digest: v.boolean(),
  policy: v.object({
    deactivate_within_days: v.number(),
    warn_within_days: v.number(),
    max_deactivations_per_run: count,
    warn_tiers_days: v.array(v.number()),
    schedule_period_hours: v.number(),
    /** The weekday of the digest (UTC), or null for none. */
    digest_weekday: v.nullable(v.string()),
    deactivate_organization_certificates: v.boolean(),
    protect_last_valid_certificate: v.boolean(),
    activate_replacements: v.boolean(),
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
    /** Warnings this run announces (tier_days not null). */
    warnings_announced: count,
    projects_without_valid_certificate: count,
    /** Certificates active at the organization level and in the deactivation window, by what became of them. */
    organization_certificates_deactivated: count,
    organization_certificates_planned: count,
    organization_certificates_failed: count,
    organization_certificates_left_active: count,
    /** Due certificates held back as the last valid one in their project / at the organization level. */
    certificates_held_back: count,
    /** Replacements activated in projects / planned for activation (ACTIVATE_REPLACEMENTS). */
    certificates_activated: count,
    activations_planned: count,
    organization_certificates_held_back: count,
    /** Certificates whose listing contradicts their own PEM (the PEM's dates were used). */
    date_disagreements: count,
  }),
  /**
   * Failures of the run as a whole (reading the key, authentication, listing the organization).
   * `request_id` is OpenAI's, or, for `read admin key`, the AWS request id of GetSecretValue.
   */
  errors: v.array(v.object({ stage: v.string(), error: v.string(), request_id: RequestIdSchema })),
  /** From the organization certificate list, whether or not projects were scanned. */
  organization: v.object({
    project_scan: v.picklist(["done", "skipped_nothing_due", "not_reached"]),
    expiring_soon: v.array(WarningSchema),
    unknown_expiry: v.array(CertificateSchema),
    /** Certificates active at the organization level and in the warning window. */
    active_expiring_soon: v.array(WarningSchema),
    /** Certificates active at the organization level and in the deactivation window. */
    deactivated: v.array(DeactivatedSchema),
    planned: v.array(CertificateSchema),
    failures: v.array(FailureSchema),
    /** Left active because DEACTIVATE_ORGANIZATION_CERTIFICATES is off. */
    left_active: v.array(CertificateSchema),
    held_back: v.array(HeldBackSchema),
    /**
     * True when this run's organization-level deactivations (planned ones in a dry run) leave no
     * valid certificate active at that level: projects that rely on it will fail.
     */
    no_valid_certificate_left: v.boolean(),
    /** Listings whose dates the certificates' own PEMs contradict: a warning, the PEM decided. */
    date_disagreements: v.array(DateDisagreementSchema),
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
