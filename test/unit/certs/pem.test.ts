import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readPem } from "../../../lib/certs/pem.js";
import { makePem } from "../../../lib/simulator/pem-factory.js";

const VALID_AT = 1_790_000_000;
const EXPIRES_AT = 1_800_000_000;
const PEM = makePem({
  commonName: "partner-sftp.example.com",
  issuer: "Example Issuing CA",
  validAt: VALID_AT,
  expiresAt: EXPIRES_AT,
});

describe("readPem", () => {
  it("reads the subject, issuer, validity and fingerprint node:crypto sees", () => {
    const reading = readPem(PEM);
    expect(reading).toEqual({
      ok: true,
      facts: {
        subject: "O=Example Corp\nCN=partner-sftp.example.com",
        issuer: "O=Example Corp\nCN=Example Issuing CA",
        validAt: VALID_AT,
        expiresAt: EXPIRES_AT,
        fingerprint256: new X509Certificate(PEM).fingerprint256,
      },
    });
  });

  it("reads a PEM whose line breaks were flattened into spaces, as published examples show it", () => {
    const flat = PEM.replaceAll("\n", " ");
    expect(readPem(flat)).toEqual(readPem(PEM));
    expect(readPem(`some text before\n${PEM}\nand after`)).toEqual(readPem(PEM));
  });

  it("gives the reason, never throws, for content that is not a certificate", () => {
    expect(readPem("")).toEqual({ ok: false, reason: "the content holds no PEM certificate" });
    expect(readPem("-----BEGIN CERTIFICATE-----\nnot-base64!\n-----END CERTIFICATE-----")).toEqual({
      ok: false,
      reason: "the PEM certificate is not base64",
    });
    const truncated = readPem(
      `-----BEGIN CERTIFICATE-----\n${Buffer.from("nonsense").toString("base64")}\n-----END CERTIFICATE-----`,
    );
    expect(truncated.ok).toBe(false);
    expect(truncated.ok ? "" : truncated.reason).toMatch(
      /^the PEM certificate could not be parsed/,
    );
  });
});
