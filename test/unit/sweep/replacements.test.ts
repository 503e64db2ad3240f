import { describe, expect, it } from "vitest";
import type { PemFacts } from "../../../lib/certs/pem.js";
import { pickReplacement } from "../../../lib/sweep/replacements.js";
import type { CertificateRef } from "../../../lib/sweep/select.js";

const DAY = 86_400;
const NOW = 1_795_856_400;
const POLICY = { deactivateWithinDays: 1, warnWithinDays: 14 };
const facts = (subject = "CN=partner", issuer = "CN=CA"): PemFacts => ({
  subject,
  issuer,
  validAt: 0,
  expiresAt: 0,
  fingerprint256: "",
});
const cert = (id: string, expiresInDays: number, validFromDays = -1): CertificateRef => ({
  id,
  name: null,
  expires_at: NOW + expiresInDays * DAY,
  valid_at: NOW + validFromDays * DAY,
});
const expiring = { ref: cert("cert_old", 0.5), facts: facts() };

describe("pickReplacement", () => {
  it("takes the matching certificate that expires last", () => {
    const candidates = [
      { ref: cert("cert_new", 365), facts: facts() },
      { ref: cert("cert_newer", 700), facts: facts() },
    ];
    expect(pickReplacement(expiring, candidates, new Set(), NOW, POLICY)?.id).toBe("cert_newer");
  });

  it.each([
    ["another subject", { ref: cert("b", 365), facts: facts("CN=other") }],
    ["another issuer", { ref: cert("b", 365), facts: facts("CN=partner", "CN=Other CA") }],
    ["not valid yet", { ref: cert("b", 365, 2), facts: facts() }],
    ["inside the deactivation window", { ref: cert("b", 0.9), facts: facts() }],
    ["expiring before it", { ref: cert("b", 0.2), facts: facts() }],
  ])("refuses one with %s", (_, candidate) => {
    expect(pickReplacement(expiring, [candidate], new Set(), NOW, POLICY)).toBeUndefined();
  });

  it("refuses one already active in the project, and the certificate itself", () => {
    const renewal = { ref: cert("cert_new", 365), facts: facts() };
    expect(
      pickReplacement(expiring, [renewal], new Set(["cert_new"]), NOW, POLICY),
    ).toBeUndefined();
    expect(pickReplacement(expiring, [expiring], new Set(), NOW, POLICY)).toBeUndefined();
  });
});
