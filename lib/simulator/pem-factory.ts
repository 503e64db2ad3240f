// Real X.509 certificates for the simulator's organizations, made with @peculiar/asn1-x509 (the
// DER structures) and node:crypto (keys and signatures): what the real API takes on upload.
import { generateKeyPairSync, sign } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";

const COMMON_NAME = "2.5.4.3";
const ORGANIZATION = "2.5.4.10";
const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

export interface PemSpec {
  /** The subject's common name, and its organization (the issuer's too). */
  commonName: string;
  organization?: string;
  /** The issuer's common name (default: a CA of the organization). */
  issuer?: string;
  /** notBefore and notAfter, Unix seconds. */
  validAt: number;
  expiresAt: number;
}

const name = (commonName: string, organization: string) =>
  new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: ORGANIZATION,
        value: new AttributeValue({ utf8String: organization }),
      }),
    ]),
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: COMMON_NAME,
        value: new AttributeValue({ utf8String: commonName }),
      }),
    ]),
  ]);

let serial = 0;

/** A certificate in PEM form for `spec`, signed with a fresh P-256 key. */
export function makePem(spec: PemSpec): string {
  const organization = spec.organization ?? "Example Corp";
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const algorithm = new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  serial += 1;
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([0x01, (serial >> 8) & 0xff, serial & 0xff]).buffer,
    signature: algorithm,
    issuer: name(spec.issuer ?? `${organization} CA`, organization),
    validity: new Validity({
      notBefore: new Date(spec.validAt * 1000),
      notAfter: new Date(spec.expiresAt * 1000),
    }),
    subject: name(spec.commonName, organization),
    subjectPublicKeyInfo: AsnConvert.parse(
      publicKey.export({ type: "spki", format: "der" }),
      SubjectPublicKeyInfo,
    ),
  });
  const signature = sign("sha256", Buffer.from(AsnConvert.serialize(tbs)), privateKey);
  const der = AsnConvert.serialize(
    new Certificate({
      tbsCertificate: tbs,
      signatureAlgorithm: algorithm,
      signatureValue: new Uint8Array(signature).buffer,
    }),
  );
  const lines =
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
