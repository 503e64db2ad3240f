import { X509Certificate } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import type { SimCertificate } from "../../lib/simulator/organization.js";
import { type Simulator, startSimulator } from "../../lib/simulator/server.js";

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const DAY = 86_400;
// The product's defaults: deactivate when expires_at <= now + 1 day, warn within 14 days.
const DEACTIVATE_BY = NOW + DAY;
const WARN_BY = NOW + 14 * DAY;

const org = demoOrganization(NOW);
const liveProjects = org.projects.filter((project) => project.archived_at === null);
const archivedProjects = org.projects.filter((project) => project.archived_at !== null);

function projectsWhereActive(cert: SimCertificate): string[] {
  return Object.entries(org.projectActive)
    .filter(([, ids]) => ids.includes(cert.id))
    .map(([projectId]) => projectId);
}

function expiry(cert: SimCertificate): number {
  if (typeof cert.expires_at !== "number") throw new Error(`${cert.id} has no numeric expiry`);
  return cert.expires_at;
}

const dated = org.certificates.filter((cert) => cert.expires_at !== undefined);
const activeAnywhere = org.certificates.filter((cert) => projectsWhereActive(cert).length > 0);

describe("demoOrganization", () => {
  it("has 4 to 6 active projects and exactly one archived project", () => {
    expect(liveProjects.length).toBeGreaterThanOrEqual(4);
    expect(liveProjects.length).toBeLessThanOrEqual(6);
    expect(archivedProjects).toHaveLength(1);
  });

  it("has an expired certificate active in two live projects", () => {
    const match = dated.find(
      (cert) =>
        expiry(cert) <= NOW &&
        projectsWhereActive(cert).filter((id) => liveProjects.some((p) => p.id === id)).length >= 2,
    );
    expect(match).toBeDefined();
  });

  it("has a certificate expiring within the day, active in a project", () => {
    const match = activeAnywhere.find(
      (cert) =>
        cert.expires_at !== undefined && expiry(cert) > NOW && expiry(cert) <= DEACTIVATE_BY,
    );
    expect(match).toBeDefined();
  });

  it("has an active certificate in the warning window and a healthy active one", () => {
    const dates = activeAnywhere.filter((cert) => cert.expires_at !== undefined).map(expiry);
    expect(dates.some((at) => at > DEACTIVATE_BY && at <= WARN_BY)).toBe(true);
    expect(dates.some((at) => at > NOW + 150 * DAY)).toBe(true);
  });

  it("has an expired certificate inactive everywhere", () => {
    const idle = org.certificates.filter(
      (cert) => !org.orgActive.includes(cert.id) && projectsWhereActive(cert).length === 0,
    );
    expect(idle.filter((cert) => expiry(cert) <= NOW)).toHaveLength(1);
  });

  it("has a renewal uploaded for the certificate about to expire, active nowhere yet", () => {
    const partner = org.certificates.find((c) => c.id === "cert_partner_sftp_2025");
    const renewal = org.certificates.find((c) => c.id === "cert_partner_sftp_2026");
    const subjectOf = (c: SimCertificate | undefined) =>
      new X509Certificate(c?.content ?? "").subject;
    const issuerOf = (c: SimCertificate | undefined) =>
      new X509Certificate(c?.content ?? "").issuer;
    expect(subjectOf(renewal)).toBe(subjectOf(partner));
    expect(issuerOf(renewal)).toBe(issuerOf(partner));
    expect(renewal && expiry(renewal) > NOW + 300 * DAY).toBe(true);
    expect(renewal && projectsWhereActive(renewal)).toEqual([]);
  });

  it("has one certificate active at the organization level, expired", () => {
    expect(org.orgActive).toHaveLength(1);
    const cert = org.certificates.find((c) => c.id === org.orgActive[0]);
    expect(cert && expiry(cert) <= NOW).toBe(true);
  });

  it("has a project whose only certificate is about to be deactivated", () => {
    const partner = org.projectActive.proj_partner_api ?? [];
    expect(partner).toHaveLength(1);
    const cert = org.certificates.find((c) => c.id === partner[0]);
    expect(cert && expiry(cert) > NOW && expiry(cert) < NOW + 86_400).toBe(true);
  });

  it("has an active certificate with unknown expiry", () => {
    expect(activeAnywhere.some((cert) => cert.expires_at === undefined)).toBe(true);
  });

  it("gives every dated certificate a PEM with the listing's dates", () => {
    for (const cert of dated) {
      const pem = new X509Certificate(cert.content ?? "");
      expect(Math.floor(pem.validToDate.getTime() / 1000), cert.id).toBe(cert.expires_at);
      expect(Math.floor(pem.validFromDate.getTime() / 1000), cert.id).toBe(cert.valid_at);
    }
  });

  it("has an active certificate listed without dates whose PEM says it has expired", () => {
    const undated = activeAnywhere.filter(
      (cert) => cert.expires_at === undefined && cert.valid_at === undefined,
    );
    expect(undated).toHaveLength(1);
    const pem = new X509Certificate(undated[0]?.content ?? "");
    expect(pem.validToDate.getTime()).toBeLessThan(NOW * 1000);
  });

  it("has an expired certificate active in the archived project", () => {
    const archivedId = archivedProjects[0]?.id ?? "";
    const ids = org.projectActive[archivedId] ?? [];
    const certs = org.certificates.filter((cert) => ids.includes(cert.id));
    expect(certs.some((cert) => expiry(cert) <= NOW)).toBe(true);
  });

  it("uses whole seconds and only ids that exist", () => {
    const timestamps = [
      ...org.certificates.flatMap((cert) => [cert.created_at, cert.valid_at, cert.expires_at]),
      ...org.projects.flatMap((project) => [project.created_at, project.archived_at]),
    ].filter((value) => value !== undefined && value !== null);
    expect(timestamps.every(Number.isInteger)).toBe(true);
    // The same organization but for its PEMs, whose keys are fresh each time.
    const withoutPems = (o: typeof org) =>
      o.certificates.map(({ content: _, ...listed }) => listed);
    expect(withoutPems(demoOrganization(NOW + 0.75))).toEqual(withoutPems(org));
    const certIds = new Set(org.certificates.map((cert) => cert.id));
    const projectIds = new Set(org.projects.map((project) => project.id));
    expect(Object.keys(org.projectActive).every((id) => projectIds.has(id))).toBe(true);
    const referenced = [...org.orgActive, ...Object.values(org.projectActive).flat()];
    expect(referenced.every((id) => certIds.has(id))).toBe(true);
  });
});

describe("demoOrganization served by the simulator", () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
  });

  it("shows the archived project only with include_archived=true", async () => {
    sim = await startSimulator({ adminKey: "sk-admin-demo", organization: demoOrganization(NOW) });
    const list = async (query: string) => {
      const response = await fetch(`${sim?.url}/organization/projects${query}`, {
        headers: { authorization: "Bearer sk-admin-demo" },
      });
      return ((await response.json()) as { data: { id: string }[] }).data.map((p) => p.id);
    };
    expect(await list("")).toHaveLength(liveProjects.length);
    expect(await list("?include_archived=true")).toContain(archivedProjects[0]?.id);
  });
});
