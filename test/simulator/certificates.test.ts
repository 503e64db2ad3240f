// The simulator's getCertificate (with the PEM on include[]=content) and uploadCertificate.
import { X509Certificate } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { SimOrganization } from "../../lib/simulator/organization.js";
import { makePem } from "../../lib/simulator/pem-factory.js";
import { type Simulator, startSimulator } from "../../lib/simulator/server.js";

const KEY = "sk-admin-simulator-test";
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86_400;
const PEM = makePem({ commonName: "partner-sftp", validAt: NOW - DAY, expiresAt: NOW + 30 * DAY });

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(organization: Partial<SimOrganization> = {}) {
  sim = await startSimulator({
    adminKey: KEY,
    organization: {
      certificates: [],
      projects: [],
      orgActive: [],
      projectActive: {},
      ...organization,
    },
  });
  return sim;
}

const call = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${sim?.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
  });
  const body = (await response.json()) as {
    certificate_details: Record<string, unknown>;
    [field: string]: unknown;
  };
  return { status: response.status, body };
};

describe("getCertificate", () => {
  const seeded = {
    certificates: [
      // The listing leaves expires_at out; the PEM has it.
      { id: "cert_a", name: "a", created_at: NOW - DAY, valid_at: NOW - DAY, content: PEM },
    ],
  };

  it("answers a certificate object without `active`, and the PEM only when asked", async () => {
    await start(seeded);
    const plain = await call("/organization/certificates/cert_a");
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({
      object: "certificate",
      id: "cert_a",
      name: "a",
      created_at: NOW - DAY,
      certificate_details: { valid_at: NOW - DAY },
    });
    const withContent = await call("/organization/certificates/cert_a?include[]=content");
    expect(withContent.body.certificate_details.content).toBe(PEM);
  });

  it("answers 404 for an unknown id and 400 for an unknown include", async () => {
    await start(seeded);
    expect((await call("/organization/certificates/cert_nope")).status).toBe(404);
    expect((await call("/organization/certificates/cert_a?include[]=secrets")).status).toBe(400);
  });
});

describe("uploadCertificate", () => {
  it("takes a PEM and derives valid_at and expires_at from it, as the real API does", async () => {
    const started = await start();
    const { status, body } = await call("/organization/certificates", {
      method: "POST",
      body: JSON.stringify({ name: "renewed", certificate: PEM }),
    });
    expect(status).toBe(200);
    const parsed = new X509Certificate(PEM);
    expect(body).toMatchObject({
      object: "certificate",
      name: "renewed",
      certificate_details: {
        valid_at: Math.floor(parsed.validFromDate.getTime() / 1000),
        expires_at: Math.floor(parsed.validToDate.getTime() / 1000),
      },
    });
    expect(body.certificate_details.content).toBeUndefined();
    expect(started.snapshot().certificates.map((c) => c.content)).toEqual([PEM]);
  });

  it("refuses a body without a PEM certificate", async () => {
    await start();
    const missing = await call("/organization/certificates", { method: "POST", body: "{}" });
    expect(missing.status).toBe(400);
    const garbage = await call("/organization/certificates", {
      method: "POST",
      body: JSON.stringify({
        certificate: "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----",
      }),
    });
    expect(garbage.status).toBe(400);
  });
});
