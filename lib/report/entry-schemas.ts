// The parts of the report that name certificates, failures and projects.
import * as v from "valibot";

/** Instants are ISO 8601 UTC strings; `expires_at` is null when the API gave no usable expiry. */
export const CertificateSchema = v.object({
  id: v.string(),
  name: v.nullable(v.string()),
  expires_at: v.nullable(v.string()),
  /** Present when the dates are the certificate's own (its PEM); absent, they are the listing's. */
  dates_from: v.optional(v.literal("certificate")),
  /** Why the expiry is unknown, when the certificate's PEM was read for it and gave none. */
  unknown_reason: v.optional(v.string()),
  /**
   * The uploaded certificate that takes over from this one (same subject and issuer, valid,
   * expiring later, outside the deactivation window, not active in the project): activated first
   * with ACTIVATE_REPLACEMENTS=true, else named so that an operator can activate it.
   */
  replacement: v.optional(
    v.object({ id: v.string(), name: v.nullable(v.string()), expires_at: v.nullable(v.string()) }),
  ),
});

const InstantSchema = v.nullable(v.string());
/** A certificate whose listing states dates its own PEM contradicts (the PEM's were used). */
export const DateDisagreementSchema = v.object({
  id: v.string(),
  name: v.nullable(v.string()),
  listing: v.object({ valid_at: InstantSchema, expires_at: InstantSchema }),
  certificate: v.object({ valid_at: v.string(), expires_at: v.string() }),
});
export const WarningSchema = v.object({
  ...CertificateSchema.entries,
  days_left: v.number(),
  /** The warning tier (days) this run announces for it; null when it crossed none since the last run. */
  tier_days: v.nullable(v.number()),
});
/** OpenAI's `x-request-id` of a call (the handle its support asks for); null when the answer had none. */
export const RequestIdSchema = v.nullable(v.string());
/** A certificate the API confirmed inactive, with the request id of the deactivate call. */
export const DeactivatedSchema = v.object({
  ...CertificateSchema.entries,
  request_id: RequestIdSchema,
});

/** Why a failure left certificates active (see FailureReason in lib/sweep/result.ts). */
const FAILURE_REASONS = [
  "error",
  "unconfirmed",
  "time_budget",
  "run_aborted",
  "safety_cap",
] as const;
export const FailureSchema = v.object({
  stage: v.picklist(["list", "activate", "deactivate"]),
  /**
   * `error`: the call failed; `unconfirmed`: the API answered without confirming them inactive;
   * `time_budget`, `run_aborted` (the key was rejected), `safety_cap`: the call was not made.
   */
  reason: v.picklist(FAILURE_REASONS),
  error: v.string(),
  request_id: RequestIdSchema,
  certificates: v.array(CertificateSchema),
});
/**
 * A due certificate still valid and the last valid one where it is active, so not deactivated
 * (PROTECT_LAST_VALID_CERTIFICATE): its validity left, in whole hours (0: under an hour).
 */
export const HeldBackSchema = v.object({
  ...CertificateSchema.entries,
  hours_left: v.number(),
  /** `last_valid`: the guard; `activation_failed`: its replacement could not be activated. */
  reason: v.picklist(["last_valid", "activation_failed"]),
});
export const ProjectEntrySchema = v.object({
  id: v.string(),
  name: v.nullable(v.string()),
  deactivated: v.array(DeactivatedSchema),
  held_back: v.array(HeldBackSchema),
  /** Replacements activated before their predecessors were deactivated (ACTIVATE_REPLACEMENTS). */
  activated: v.array(DeactivatedSchema),
  /** Replacements to activate, not activated: a dry run, or a plan awaiting confirmation. */
  activation_planned: v.array(CertificateSchema),
  /** Due and not deactivated because nothing was to be: a dry run, or a plan awaiting confirmation. */
  planned: v.array(CertificateSchema),
  failures: v.array(FailureSchema),
  warnings: v.array(WarningSchema),
  unknown_expiry: v.array(CertificateSchema),
  /** True when this run's deactivations (planned ones in a dry run) leave the project no active certificate that is valid now (its validity started, not expired). */
  no_valid_certificate_left: v.boolean(),
});

export type ReportCertificate = v.InferOutput<typeof CertificateSchema>;
export type ReportFailure = v.InferOutput<typeof FailureSchema>;
export type ReportDeactivated = v.InferOutput<typeof DeactivatedSchema>;
export type ReportProject = v.InferOutput<typeof ProjectEntrySchema>;
