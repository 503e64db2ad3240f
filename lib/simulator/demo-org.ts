// The organization `npm start` sweeps. With the default policy (deactivate when expiring within
// 1 day, warn within 14 days, announced at 14, 7 and 3 days) it shows every outcome once:
// deactivated, a project left without a valid certificate, a warning announced at its 7-day tier,
// healthy, unknown expiry (an unreadable PEM), expired by its PEM though its listing has no dates,
// already inactive, a stale certificate left active in an archived project, and an expired one
// still active at the organization level.
import type { SimCertificate, SimOrganization, SimProject } from "./organization.js";
import { makePem } from "./pem-factory.js";

const HOUR = 3600;
// The subject the partner's certificate and its renewal share.
const PARTNER_SFTP = "partner-sftp.example.com";
const DAY = 24 * HOUR;

/** A realistic organization whose certificates sit in every sweep state relative to `nowSeconds`. */
export function demoOrganization(nowSeconds: number): SimOrganization {
  // The API speaks whole Unix seconds; a fractional clock must not leak into the data.
  const now = Math.floor(nowSeconds);
  // Each certificate carries a real PEM with the dates its listing shows, as the API derives them.
  const cert = (
    id: string,
    name: string,
    ageDays: number,
    expiresInSeconds?: number,
    commonName = `${name}.example.com`,
  ) => {
    const created = now - ageDays * DAY;
    const certificate: SimCertificate = { id, name, created_at: created, valid_at: created };
    if (expiresInSeconds !== undefined) {
      certificate.expires_at = now + expiresInSeconds;
      certificate.content = makePem({
        commonName,
        validAt: created,
        expiresAt: now + expiresInSeconds,
      });
    }
    return certificate;
  };
  // Listed without valid_at and expires_at, as some imported certificates are: its PEM says it
  // expired 20 days ago, so the sweep reads the dates there and deactivates it.
  const unlisted = cert("cert_ledger_sync_2024", "ledger-sync-ca-2024", 385, -20 * DAY);
  delete unlisted.valid_at;
  delete unlisted.expires_at;
  const project = (id: string, name: string, ageDays: number, archivedDaysAgo?: number) => {
    const archived_at = archivedDaysAgo === undefined ? null : now - archivedDaysAgo * DAY;
    const created: SimProject = { id, name, created_at: now - ageDays * DAY, archived_at };
    return created;
  };

  const certificates = [
    // Expired three days ago and still active in two projects: deactivated.
    cert("cert_payments_gateway_2025", "payments-gateway-ca-2025", 368, -3 * DAY),
    // Expires in about 12 hours, inside the 1-day threshold: deactivated, which leaves its
    // project without a valid certificate.
    cert("cert_partner_sftp_2025", "partner-sftp-mtls-2025", 358, 12 * HOUR, PARTNER_SFTP),
    // Its renewal, uploaded two days ago and not activated yet: same subject and issuer, valid for
    // a year. The sweep names it next to the expiring one, and with ACTIVATE_REPLACEMENTS=true
    // activates it in Partner API before deactivating its predecessor.
    cert("cert_partner_sftp_2026", "partner-sftp-mtls-2026", 2, 365 * DAY, PARTNER_SFTP),
    // Crossed its 7-day warning tier three hours ago: announced in this run, left active.
    cert("cert_support_portal_2025", "support-portal-client-2025", 356, 7 * DAY - 3 * HOUR),
    // Healthy for another ~200 days.
    cert("cert_checkout_edge_2026", "checkout-edge-ca-2026", 165, 200 * DAY),
    // Expired long ago but already inactive everywhere: nothing to do.
    cert("cert_legacy_billing_2024", "legacy-billing-ca-2024", 420, -40 * DAY),
    // No expires_at, and a PEM that cannot be parsed: the sweep must report it rather than guess.
    {
      ...cert("cert_vendor_bundle", "vendor-bundle-imported", 90),
      content:
        "-----BEGIN CERTIFICATE-----\nexported-by-a-legacy-tool\n-----END CERTIFICATE-----\n",
    },
    unlisted,
    // Expired and only active in an archived project, which a naive sweep would skip, and still
    // active at the organization level.
    cert("cert_analytics_export_2024", "analytics-export-ca-2024", 380, -15 * DAY),
  ];

  return {
    certificates,
    projects: [
      project("proj_payments", "Payments", 720),
      project("proj_checkout", "Checkout", 610),
      project("proj_partner_api", "Partner API", 500),
      project("proj_support", "Support Portal", 400),
      project("proj_data_platform", "Data Platform", 300),
      project("proj_analytics_legacy", "Analytics (legacy)", 900, 60),
    ],
    orgActive: ["cert_analytics_export_2024"],
    projectActive: {
      proj_payments: ["cert_payments_gateway_2025", "cert_checkout_edge_2026"],
      proj_checkout: ["cert_payments_gateway_2025", "cert_checkout_edge_2026"],
      proj_partner_api: ["cert_partner_sftp_2025"],
      proj_support: ["cert_support_portal_2025", "cert_ledger_sync_2024"],
      proj_data_platform: ["cert_vendor_bundle"],
      proj_analytics_legacy: ["cert_analytics_export_2024"],
    },
  };
}
