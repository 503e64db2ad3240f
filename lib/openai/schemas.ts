import * as v from "valibot";
import { safeText } from "../safe-text.js";

// Wire shapes of the Admin API responses the sweep reads, from the shared OpenAPI document
// (components.schemas.*). Only the fields the sweep uses are checked; unknown fields are dropped.

/** 9999-12-31T23:59:59Z. A larger `expires_at` is almost surely milliseconds, not the spec's seconds. */
export const MAX_UNIX_SECONDS = 253_402_300_799;

// The spec leaves `expires_at` and `created_at` optional. A missing or unusable value must never
// lead to a deactivation or fail the whole page, so it becomes `undefined` ("unknown") instead.
const UnixSecondsSchema = v.fallback(
  v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(MAX_UNIX_SECONDS))),
  undefined,
);

// `valid_at` is the start of validity: a certificate is not yet valid before it.
const CertificateDetailsSchema = v.fallback(
  v.object({ valid_at: UnixSecondsSchema, expires_at: UnixSecondsSchema }),
  () => ({ valid_at: undefined, expires_at: undefined }),
);

// Ids go into URL paths (a project's) and end up in reports, email text and SNS attributes: an id
// must look like one (letters, digits, _ and -, bounded; no /, ., ?, % or spaces that could bend a
// path), and a name loses line breaks, control and bidi characters (no forged or reordered report
// lines, see safe-text.ts) and is cut, never inside a character, to a length that keeps every
// report part within SNS's size limit.
const MAX_NAME_LENGTH = 200;
const SAFE_ID = /^[A-Za-z0-9_-]{1,256}$/;

/** True for an id that is safe to put into a URL path as it is. */
export const isSafeId = (id: string): boolean => SAFE_ID.test(id);

const IdSchema = v.pipe(v.string(), v.regex(SAFE_ID, "an id of letters, digits, _ and -"));
const NameSchema = v.pipe(
  v.optional(v.nullable(v.string()), null),
  v.transform((name) => (name === null ? null : cleanName(name))),
);

function cleanName(name: string): string {
  return safeText(name, MAX_NAME_LENGTH);
}

const certificate = <const T extends string>(object: T) =>
  v.object({
    object: v.literal(object),
    id: IdSchema,
    name: NameSchema,
    active: v.boolean(),
    /** Upload time (Unix seconds). */
    created_at: UnixSecondsSchema,
    certificate_details: CertificateDetailsSchema,
  });

/** components.schemas.OrganizationCertificate; `active` is the organization-level flag. */
export const OrganizationCertificateSchema = certificate("organization.certificate");
export type OrganizationCertificate = v.InferOutput<typeof OrganizationCertificateSchema>;

/** components.schemas.OrganizationProjectCertificate; `active` is the flag in that project. */
export const ProjectCertificateSchema = certificate("organization.project.certificate");
export type ProjectCertificate = v.InferOutput<typeof ProjectCertificateSchema>;

/** components.schemas.Project */
export const ProjectSchema = v.object({
  object: v.literal("organization.project"),
  id: IdSchema,
  name: NameSchema,
  archived_at: v.optional(v.nullable(v.number()), null),
  status: v.optional(v.nullable(v.string()), null),
});
export type Project = v.InferOutput<typeof ProjectSchema>;

/** The cursor-paginated list envelope (ListCertificatesResponse, ProjectListResponse, ...). */
export const listSchema = <T extends v.GenericSchema>(item: T) =>
  v.object({
    object: v.literal("list"),
    data: v.array(item),
    has_more: v.boolean(),
    last_id: v.optional(v.nullable(v.string()), null),
  });
export type ListPage<T> = {
  data: T[];
  has_more: boolean;
  last_id: string | null;
  /** The `x-request-id` of the answer that carried the page, when known. */
  requestId?: string | null;
};

/**
 * components.schemas.OrganizationProjectCertificateDeactivationResponse. Note `object` is
 * "organization.project.certificate.deactivation", not "list".
 */
export const ProjectDeactivationSchema = v.object({
  object: v.literal("organization.project.certificate.deactivation"),
  data: v.array(ProjectCertificateSchema),
});

/**
 * components.schemas.OrganizationCertificateDeactivationResponse. Note `object` is
 * "organization.certificate.deactivation", not "list".
 */
export const OrganizationDeactivationSchema = v.object({
  object: v.literal("organization.certificate.deactivation"),
  data: v.array(OrganizationCertificateSchema),
});

/** components.schemas.OrganizationProjectCertificateActivationResponse (not a "list" either). */
export const ProjectActivationSchema = v.object({
  object: v.literal("organization.project.certificate.activation"),
  data: v.array(ProjectCertificateSchema),
});

// The PEM comes back inside certificate_details on getCertificate with include[]=content. A
// certificate holds a few KB; anything far larger is not one.
const MAX_PEM_LENGTH = 64 * 1024;

/** components.schemas.Certificate as getCertificate answers it: `certificate`, no `active`. */
export const CertificateContentSchema = v.object({
  object: v.literal("certificate"),
  id: IdSchema,
  certificate_details: v.object({
    content: v.optional(v.pipe(v.string(), v.maxLength(MAX_PEM_LENGTH))),
  }),
});
