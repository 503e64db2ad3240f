// How a certificate appears on the wire; listing and toggling answer with the same shape.
import type { SimCertificate } from "./organization.js";

/** The spec's certificate object, with `object` naming the endpoint family that returns it. */
export function certificateView(cert: SimCertificate, object: string, active: boolean) {
  // The spec lists valid_at/expires_at as optional: only send what is set.
  const details: Record<string, unknown> = {};
  if (cert.valid_at !== undefined) details.valid_at = cert.valid_at;
  if (cert.expires_at !== undefined) details.expires_at = cert.expires_at;
  return {
    object,
    id: cert.id,
    name: cert.name,
    created_at: cert.created_at,
    certificate_details: details,
    active,
  };
}
