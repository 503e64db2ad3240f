import * as v from "valibot";

// The JSON report that machine subscribers receive. Bump REPORT_VERSION on any change that could
// break a consumer (a removed or renamed field, a changed meaning); adding fields keeps it.
// 2: `planned` is only a dry run's or an unconfirmed plan's; a real run reports what it left due
// and active as `failures` with a `reason` (a tripped cap included, which version 1 counted as
// planned).
export const REPORT_VERSION = 2;

/** Instants are ISO 8601 UTC strings; `expires_at` is null when the API gave no usable expiry. */
const CertificateSchema = v.object({
  id: v.string(),
  name: v.nullable(v.string()),
  expires_at: v.nullable(v.string()),
});
const WarningSchema = v.object({
  ...CertificateSchema.entries,
  days_left: v.number(),
  /** The warning tier (days) this run announces for it; null when it crossed none since the last run. */
  tier_days: v.nullable(v.number()),
});
/** OpenAI's `x-request-id` of a call (the handle its support asks for); null when the answer had none. */
const RequestIdSchema = v.nullable(v.string());
/** A certificate the API confirmed inactive, with the request id of the deactivate call. */
const DeactivatedSchema = v.object({ ...CertificateSchema.entries, request_id: RequestIdSchema });

/** Why a failure left certificates active (see FailureReason in lib/sweep/result.ts). */
const FAILURE_REASONS = [
  "error",
  "unconfirmed",
  "time_budget",
  "run_aborted",
  "safety_cap",
] as const;
const FailureSchema = v.object({
  stage: v.picklist(["list", "deactivate"]),
  /**
   * `error`: the call failed; `unconfirmed`: the API answered without confirming them inactive;
   * `time_budget`, `run_aborted` (the key was rejected), `safety_cap`: the call was not made.
   */
  reason: v.picklist(FAILURE_REASONS),
  error: v.string(),
  request_id: RequestIdSchema,
  certificates: v.array(CertificateSchema),
});
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
 * announced warnings (or the digest); `info` otherwise.
 */
const SEVERITIES = ["info", "warning", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

const ProjectEntrySchema = v.object({
  id: v.string(),
  name: v.nullable(v.string()),
  deactivated: v.array(DeactivatedSchema),
  /** Due and not deactivated because nothing was to be: a dry run, or a plan awaiting confirmation. */
  planned: v.array(CertificateSchema),
  failures: v.array(FailureSchema),
  warnings: v.array(WarningSchema),
  unknown_expiry: v.array(CertificateSchema),
  /** True when this run's deactivations (planned ones in a dry run) leave the project no active certificate that is valid now (its validity started, not expired). */
  no_valid_certificate_left: v.boolean(),
});

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
    /**
     * True when this run's organization-level deactivations (planned ones in a dry run) leave no
     * valid certificate active at that level: projects that rely on it will fail.
     */
    no_valid_certificate_left: v.boolean(),
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
export type ReportFailure = v.InferOutput<typeof FailureSchema>;
export type ReportDeactivated = v.InferOutput<typeof DeactivatedSchema>;
export type ReportProject = v.InferOutput<typeof ProjectEntrySchema>;
