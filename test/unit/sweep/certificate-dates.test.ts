import { describe, expect, it } from "vitest";
import { makePem } from "../../../lib/simulator/pem-factory.js";
import { certificateDates, readCertificateDates } from "../../../lib/sweep/certificate-dates.js";
import { certificateFacts } from "../../../lib/sweep/certificate-facts.js";
import type { CertificateRef } from "../../../lib/sweep/select.js";

const NOW = 1_800_000_000;
const DAY = 86_400;
const ref = (id: string, dates: Partial<CertificateRef> = {}): CertificateRef => ({
  id,
  name: `${id}-name`,
  expires_at: undefined,
  ...dates,
});
const pemOf = (validAt: number, expiresAt: number) =>
  makePem({ commonName: "x", validAt, expiresAt });
const failing = () => {
  throw new Error("not to be called");
};

describe("readCertificateDates", () => {
  it("reads the PEM of each certificate listed without expires_at, once, and applies its dates", async () => {
    const asked: string[] = [];
    const content = async (id: string) => {
      asked.push(id);
      return id === "cert_undated" ? pemOf(NOW - 400 * DAY, NOW - 20 * DAY) : undefined;
    };
    const listed = [
      ref("cert_undated"),
      ref("cert_dated", { expires_at: NOW }),
      ref("cert_undated"),
    ];
    const dates = await readCertificateDates(
      listed,
      4,
      certificateFacts({
        content,
        describeError: String,
        isFatal: () => false,
      }),
    );

    expect(asked).toEqual(["cert_undated"]);
    expect(dates.apply(ref("cert_undated"))).toEqual({
      ...ref("cert_undated"),
      valid_at: NOW - 400 * DAY,
      expires_at: NOW - 20 * DAY,
      datesFrom: "certificate",
    });
    // A certificate whose listing has its dates is as listed.
    expect(dates.apply(listed[1] as CertificateRef)).toBe(listed[1]);
    expect(dates.disagreements).toEqual([]);
  });

  it("keeps an unknown expiry with the reason when the PEM is missing, unreadable or not fetched", async () => {
    const dates = await readCertificateDates(
      [ref("a"), ref("b"), ref("c")],
      2,
      certificateFacts({
        content: async (id) => {
          if (id === "a") return undefined;
          if (id === "b") return "-----BEGIN CERTIFICATE-----\n???\n-----END CERTIFICATE-----";
          throw new Error("HTTP 500");
        },
        describeError: (error) => (error as Error).message,
        isFatal: () => false,
      }),
    );
    expect(dates.apply(ref("a")).unknownReason).toBe(
      "the listing has no expires_at and the API holds no PEM for it",
    );
    expect(dates.apply(ref("b")).unknownReason).toBe("the PEM certificate is not base64");
    expect(dates.apply(ref("c")).unknownReason).toBe("its certificate could not be read: HTTP 500");
    expect(dates.apply(ref("a")).expires_at).toBeUndefined();
  });

  it("throws a fatal error (a rejected key) instead of keeping it", async () => {
    const rejected = new Error("401");
    const reading = readCertificateDates(
      [ref("a")],
      1,
      certificateFacts({
        content: async () => {
          throw rejected;
        },
        describeError: failing,
        isFatal: (error) => error === rejected,
      }),
    );
    await expect(reading).rejects.toBe(rejected);
  });

  it("asks nothing when every certificate has its expiry listed", async () => {
    const dates = await readCertificateDates(
      [ref("a", { expires_at: NOW })],
      1,
      certificateFacts({
        content: failing,
        describeError: String,
        isFatal: () => false,
      }),
    );
    expect(dates.disagreements).toEqual([]);
  });
});

describe("certificateDates", () => {
  const facts = new Map([
    [
      "cert_a",
      { subject: "s", issuer: "i", validAt: NOW - DAY, expiresAt: NOW + DAY, fingerprint256: "f" },
    ],
  ]);

  it("lets the PEM decide, and reports a listing that contradicts it", () => {
    const listed = ref("cert_a", { valid_at: NOW - 2 * DAY });
    const dates = certificateDates([listed], facts);
    expect(dates.apply(listed)).toMatchObject({ valid_at: NOW - DAY, expires_at: NOW + DAY });
    expect(dates.disagreements).toEqual([
      {
        id: "cert_a",
        name: "cert_a-name",
        listing: { valid_at: NOW - 2 * DAY, expires_at: undefined },
        certificate: { valid_at: NOW - DAY, expires_at: NOW + DAY },
      },
    ]);
  });

  it("reports no disagreement when the listing leaves out what the PEM says, or agrees", () => {
    expect(certificateDates([ref("cert_a")], facts).disagreements).toEqual([]);
    const agreeing = ref("cert_a", { valid_at: NOW - DAY, expires_at: NOW + DAY });
    expect(certificateDates([agreeing], facts).disagreements).toEqual([]);
  });
});
