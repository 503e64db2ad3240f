// The last-valid-certificate guard (PROTECT_LAST_VALID_CERTIFICATE): a certificate that is still
// valid is not deactivated while it is the last valid one active where it is. Until its expiry it
// is legitimate, and after it the TLS handshake fails anyway: deactivating it early only moves the
// outage forward. The first run after its expiry deactivates it as usual.
import { type CertificateRef, isValidAt } from "./select.js";

/** A due certificate held back, and why. */
export type HeldBack = CertificateRef & { reason: "last_valid" | "activation_failed" };

/**
 * Splits the due certificates of one place (a project, or the organization level) into those to
 * deactivate and those to hold back. With `validElsewhere` valid certificates staying active there,
 * nothing is held back. Otherwise, of the due certificates still valid, the one that expires last
 * is held back (keeping exactly one valid), and the others are deactivated.
 */
export function guardLastValid(
  due: readonly CertificateRef[],
  validElsewhere: number,
  nowSeconds: number,
): { deactivate: CertificateRef[]; heldBack: HeldBack[] } {
  if (validElsewhere > 0) return { deactivate: [...due], heldBack: [] };
  const valid = due.filter((c) => isValidAt(c, nowSeconds));
  if (valid.length === 0) return { deactivate: [...due], heldBack: [] };
  const last = valid.reduce((kept, c) =>
    (c.expires_at ?? Number.POSITIVE_INFINITY) > (kept.expires_at ?? Number.POSITIVE_INFINITY)
      ? c
      : kept,
  );
  return {
    deactivate: due.filter((c) => c !== last),
    heldBack: [{ ...last, reason: "last_valid" }],
  };
}

/**
 * The valid certificates a place keeps for the guard: `validKept` less those of unknown expiry,
 * which may well have expired, so cannot be relied on to keep mutual TLS working.
 */
export function surelyValidKept(
  place: { validKept: number; unknownExpiry: readonly CertificateRef[] },
  nowSeconds: number,
): number {
  return place.validKept - place.unknownExpiry.filter((c) => isValidAt(c, nowSeconds)).length;
}
