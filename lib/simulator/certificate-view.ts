// How a certificate appears on the wire; listing, toggling and getting one answer with the same
// shape.
import type { SimCertificate } from "./organization.js";

/**
 * The spec's certificate object, with `object` naming the endpoint family that returns it.
 * `active` is left out where the spec leaves it out (getting or uploading one), and the PEM is in
 * only when asked for (`include[]=content`).
 */
export function certificateView(
  cert: SimCertificate,
  object: string,
  active: boolean | undefined,
  withContent = false,
) {
  // The spec lists valid_at/expires_at as optional: only send what is set.
  const details: Record<string, unknown> = {};
  if (cert.valid_at !== undefined) details.valid_at = cert.valid_at;
  if (cert.expires_at !== undefined) details.expires_at = cert.expires_at;
  if (withContent && cert.content !== undefined) details.content = cert.content;
  return {
    object,
    id: cert.id,
    name: cert.name,
    created_at: cert.created_at,
    certificate_details: details,
    ...(active === undefined ? {} : { active }),
  };
}
