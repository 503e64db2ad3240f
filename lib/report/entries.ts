// How the sweep's certificates and failures appear in the report.
import type { Deactivated, Failure } from "../sweep/result.js";
import type { CertificateRef } from "../sweep/select.js";
import type { ReportCertificate, ReportDeactivated, ReportFailure } from "./entry-schemas.js";

const iso = (epochSeconds: number | undefined) =>
  epochSeconds === undefined ? null : new Date(epochSeconds * 1000).toISOString();

export const cert = (c: CertificateRef): ReportCertificate => ({
  id: c.id,
  name: c.name,
  expires_at: iso(c.expires_at),
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

/** How many different certificates the lists name (one certificate may be in several projects). */
export const distinct = (lists: { id: string }[][]) => new Set(lists.flat().map((c) => c.id)).size;
