import type { Report } from "./schema.js";

/** Certificates in projects and at the organization level together, by what became of them. */
export interface Totals {
  deactivated: number;
  planned: number;
  failed: number;
}

/** The run's totals over projects and the organization level: the one place they are summed. */
export function totals(c: Report["counts"]): Totals {
  return {
    deactivated: c.certificates_deactivated + c.organization_certificates_deactivated,
    planned: c.certificates_planned + c.organization_certificates_planned,
    failed: c.certificates_failed + c.organization_certificates_failed,
  };
}
