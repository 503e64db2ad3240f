// A sweep's first stages: the organization's certificates, listed once (at most 50), with the
// dates of those listed without an expiry read from their own PEMs.
import { collect } from "../openai/paginate.js";
import type { OrganizationCertificate } from "../openai/schemas.js";
import { type CertificateDates, readCertificateDates } from "./certificate-dates.js";
import type { CertificateFacts } from "./certificate-facts.js";
import type { SweepDeps, SweepOptions } from "./options.js";
import { summarizeOrganization } from "./organization.js";
import type { RunErrorStage, SweepResult } from "./result.js";
import { type CertificateRef, toRef } from "./select.js";

/** Records a failure of the run as a whole. */
export type Fail = (stage: RunErrorStage, error: unknown, context?: string) => void;

export interface Discovered {
  organization: SweepResult["organization"];
  /** The organization's certificates, with their own dates where the run read them. */
  refs: CertificateRef[];
  dates: CertificateDates;
}

/** The organization's certificates and what they tell; undefined (after `fail`) when unreadable. */
export async function discoverOrganization(
  options: SweepOptions,
  deps: SweepDeps,
  facts: CertificateFacts,
  fail: Fail,
): Promise<Discovered | undefined> {
  let listed: OrganizationCertificate[];
  try {
    listed = await collect(deps.api.listOrganizationCertificates());
  } catch (error) {
    fail("list organization certificates", error);
    return undefined;
  }
  let dates: CertificateDates;
  try {
    dates = await readCertificateDates(listed.map(toRef), options.concurrency, facts);
  } catch (error) {
    fail("read certificates", error);
    return undefined;
  }
  const flagged = listed.map((c) => ({ ...dates.apply(toRef(c)), active: c.active }));
  const organization = summarizeOrganization(flagged, Math.floor(options.evaluatedAt / 1000), {
    policy: options.policy,
    deactivateOrganization: options.enforcement.deactivateOrganization,
    protectLastValid: options.enforcement.protectLastValid,
  });
  organization.dateDisagreements = [...dates.disagreements];
  return { organization, refs: flagged.map(({ active: _, ...ref }) => ref), dates };
}
