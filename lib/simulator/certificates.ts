// Retrieving one certificate (with its PEM on `include[]=content`) and uploading one, as the shared
// spec describes them. An upload derives valid_at and expires_at from the PEM, as the real API does.
import { randomBytes, X509Certificate } from "node:crypto";
import { validity } from "../certs/pem.js";
import { badParam, SimApiError } from "./api-error.js";
import { certificateView } from "./certificate-view.js";
import type { SimCertificate, SimOrganization } from "./organization.js";

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;

export function getCertificate(
  org: SimOrganization,
  certificateId: string,
  query: Record<string, string>,
) {
  const include = query["include[]"] ?? query.include;
  if (include !== undefined && include !== "content") {
    throw badParam("include", "invalid_value", `Invalid 'include': '${include}' is not supported.`);
  }
  const cert = org.certificates.find((candidate) => candidate.id === certificateId);
  if (!cert) {
    const message = `No certificate found with id '${certificateId}'.`;
    throw new SimApiError(404, message, "certificate_id", "not_found");
  }
  return certificateView(cert, "certificate", undefined, include === "content");
}

/** An UploadCertificateRequest: `certificate` (PEM, required) and an optional `name`. */
export function uploadCertificate(org: SimOrganization, body: unknown, nowSeconds: number) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SimApiError(400, "The request body must be a JSON object.", null, "invalid_type");
  }
  const { certificate, name } = body as Record<string, unknown>;
  if (typeof certificate !== "string") {
    throw badParam(
      "certificate",
      "missing_required_parameter",
      "Missing required parameter: 'certificate'.",
    );
  }
  if (name !== undefined && typeof name !== "string") {
    throw badParam("name", "invalid_type", "Invalid 'name': expected a string.");
  }
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(PEM.exec(certificate)?.[0] ?? certificate);
  } catch {
    throw badParam(
      "certificate",
      "invalid_certificate",
      "Invalid 'certificate': not a PEM certificate.",
    );
  }
  const { validAt, expiresAt } = validity(parsed);
  const created: SimCertificate = {
    id: `cert_${randomBytes(12).toString("hex")}`,
    name: name ?? null,
    created_at: Math.floor(nowSeconds),
    valid_at: validAt,
    expires_at: expiresAt,
    content: certificate,
  };
  org.certificates.push(created);
  return certificateView(created, "certificate", undefined);
}
