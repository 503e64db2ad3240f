// What a certificate's own PEM says about it, read with node:crypto: the dates TLS checks, and
// who it names (subject and issuer), by which replacements are matched.
import { X509Certificate } from "node:crypto";

export interface PemFacts {
  subject: string;
  issuer: string;
  /** notBefore and notAfter, in Unix seconds. */
  validAt: number;
  expiresAt: number;
  /** SHA-256 fingerprint, colon-separated hex. */
  fingerprint256: string;
}

export type PemReading = { ok: true; facts: PemFacts } | { ok: false; reason: string };

const PEM = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads the first certificate of a PEM text. Published examples flatten the line breaks into
 * spaces, so the body is read as base64 whatever its whitespace. Never throws: an unreadable PEM
 * gives the reason.
 */
export function readPem(content: string): PemReading {
  const body = PEM.exec(content)?.[1]?.replace(/\s+/g, "");
  if (body === undefined) return { ok: false, reason: "the content holds no PEM certificate" };
  if (!BASE64.test(body)) return { ok: false, reason: "the PEM certificate is not base64" };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(body, "base64"));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `the PEM certificate could not be parsed (${why.slice(0, 120)})` };
  }
  return {
    ok: true,
    facts: {
      subject: certificate.subject,
      issuer: certificate.issuer,
      ...validity(certificate),
      fingerprint256: certificate.fingerprint256,
    },
  };
}

/**
 * A certificate's validity in Unix seconds, from the dates as OpenSSL prints them
 * ("Dec  2 04:12:00 2026 GMT", always GMT). Not validFromDate/validToDate: those came in Node
 * 22.10, and the CLI supports every Node 22.
 */
export function validity(certificate: X509Certificate): { validAt: number; expiresAt: number } {
  return {
    validAt: Math.floor(Date.parse(certificate.validFrom) / 1000),
    expiresAt: Math.floor(Date.parse(certificate.validTo) / 1000),
  };
}
