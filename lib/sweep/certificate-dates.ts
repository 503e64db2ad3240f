// A sweep's second stage: certificates whose listing lacks `expires_at` get their dates from their
// own PEM (getCertificate with include[]=content), read at most once each per run. Where a PEM was
// read, its dates decide, as they are what TLS checks; a listing that disagrees is reported.
import type { PemFacts } from "../certs/pem.js";
import type { CertificateFacts } from "./certificate-facts.js";
import { forEachConcurrently } from "./read-ahead.js";
import type { CertificateRef } from "./select.js";

/** A listing's dates that differ from the certificate's own (Unix seconds; undefined: not listed). */
export interface DateDisagreement {
  id: string;
  name: string | null;
  listing: { valid_at: number | undefined; expires_at: number | undefined };
  certificate: { valid_at: number; expires_at: number };
}

/** What the run knows of each certificate's own PEM. */
export interface CertificateDates {
  /** A certificate's ref with the PEM's dates where one was read. */
  apply(ref: CertificateRef): CertificateRef;
  /** Records a listing that contradicts a PEM read later in the run (once per certificate). */
  note(ref: CertificateRef, pem: PemFacts): void;
  readonly disagreements: readonly DateDisagreement[];
}

/** Reads, through `facts`, the PEM of each listed certificate without `expires_at`, `workers` at a time. */
export async function readCertificateDates(
  listed: readonly CertificateRef[],
  workers: number,
  facts: CertificateFacts,
): Promise<CertificateDates> {
  const known = new Map<string, PemFacts>();
  const reasons = new Map<string, string>();
  const undated = listed.filter((c) => c.expires_at === undefined).map((c) => c.id);
  const queue = [...new Set(undated)][Symbol.iterator]();
  await forEachConcurrently(queue, workers, async (id) => {
    const reading = await facts.read(id);
    if ("facts" in reading) known.set(id, reading.facts);
    else reasons.set(id, "reason" in reading ? reading.reason : NO_PEM);
  });
  return certificateDates(listed, known, reasons);
}

const NO_PEM = "the listing has no expires_at and the API holds no PEM for it";

/** The dates known from `facts`, and the listings in `listed` that disagree with them. */
export function certificateDates(
  listed: readonly CertificateRef[],
  facts: ReadonlyMap<string, PemFacts>,
  reasons: ReadonlyMap<string, string> = new Map(),
): CertificateDates {
  const disagreements = new Map<string, DateDisagreement>();
  const note = (ref: CertificateRef, pem: PemFacts) => {
    const differs = (listedAt: number | undefined, own: number) =>
      listedAt !== undefined && listedAt !== own;
    const contradicts =
      differs(ref.valid_at, pem.validAt) || differs(ref.expires_at, pem.expiresAt);
    if (!contradicts || disagreements.has(ref.id)) return;
    disagreements.set(ref.id, {
      id: ref.id,
      name: ref.name,
      listing: { valid_at: ref.valid_at, expires_at: ref.expires_at },
      certificate: { valid_at: pem.validAt, expires_at: pem.expiresAt },
    });
  };
  for (const ref of listed) {
    const pem = facts.get(ref.id);
    if (pem) note(ref, pem);
  }
  return {
    apply(ref) {
      const pem = facts.get(ref.id);
      if (!pem) {
        const reason = reasons.get(ref.id);
        return reason === undefined || ref.expires_at !== undefined
          ? ref
          : { ...ref, unknownReason: reason };
      }
      return { ...ref, valid_at: pem.validAt, expires_at: pem.expiresAt, datesFrom: "certificate" };
    },
    note,
    get disagreements() {
      return [...disagreements.values()];
    },
  };
}
