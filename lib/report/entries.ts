// How the sweep's certificates and failures appear in the report.
import type { DateDisagreement } from "../sweep/certificate-dates.js";
import type { HeldBack } from "../sweep/guard.js";
import type { Deactivated, Failure } from "../sweep/result.js";
import type { CertificateRef } from "../sweep/select.js";
import type { ReportCertificate, ReportDeactivated, ReportFailure } from "./entry-schemas.js";

const iso = (epochSeconds: number | undefined) =>
  epochSeconds === undefined ? null : new Date(epochSeconds * 1000).toISOString();

export const cert = (c: CertificateRef): ReportCertificate => ({
  id: c.id,
  name: c.name,
  expires_at: iso(c.expires_at),
  ...(c.datesFrom ? { dates_from: c.datesFrom } : {}),
  ...(c.unknownReason === undefined ? {} : { unknown_reason: c.unknownReason }),
  ...(c.replacement
    ? {
        replacement: {
          id: c.replacement.id,
          name: c.replacement.name,
          expires_at: iso(c.replacement.expires_at),
        },
      }
    : {}),
});

export const dateDisagreementEntry = (d: DateDisagreement) => ({
  id: d.id,
  name: d.name,
  listing: { valid_at: iso(d.listing.valid_at), expires_at: iso(d.listing.expires_at) },
  certificate: {
    valid_at: iso(d.certificate.valid_at) ?? "",
    expires_at: iso(d.certificate.expires_at) ?? "",
  },
});

export const deactivatedEntry = (c: Deactivated): ReportDeactivated => ({
  ...cert(c),
  request_id: c.requestId ?? null,
});

export const failureEntry = (f: Failure): ReportFailure => ({
  stage: f.stage,
  reason: f.reason,
  error: f.error,
  request_id: f.requestId,
  certificates: f.certificates.map(cert),
});

/** A held-back certificate, with its validity left in whole hours. */
export const heldBackEntry = (h: HeldBack, nowSeconds: number) => ({
  ...cert(h),
  hours_left: Math.max(0, Math.floor(((h.expires_at ?? nowSeconds) - nowSeconds) / 3600)),
  reason: h.reason,
});

/** How many different certificates the lists name (one certificate may be in several projects). */
export const distinct = (lists: { id: string }[][]) => new Set(lists.flat().map((c) => c.id)).size;
