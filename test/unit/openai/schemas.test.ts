import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  listSchema,
  MAX_UNIX_SECONDS,
  OrganizationCertificateSchema,
  OrganizationDeactivationSchema,
  ProjectCertificateSchema,
  ProjectDeactivationSchema,
  ProjectSchema,
} from "../../../lib/openai/schemas.js";

const EXPIRES_AT = 1_767_225_600; // 2026-01-01T00:00:00Z
const CREATED_AT = 1_735_689_600; // 2025-01-01T00:00:00Z

const ProjectCertificatePageSchema = listSchema(ProjectCertificateSchema);

/** A project certificate as the API sends it, with `fields` merged over the defaults. */
const wireCertificate = (fields: Record<string, unknown> = {}) => ({
  object: "organization.project.certificate",
  id: "cert_abc123",
  name: "mTLS client",
  active: true,
  created_at: CREATED_AT,
  certificate_details: { valid_at: CREATED_AT, expires_at: EXPIRES_AT },
  ...fields,
});

const page = (data: unknown[], fields: Record<string, unknown> = {}) => ({
  object: "list",
  data,
  first_id: "cert_abc123",
  last_id: "cert_abc123",
  has_more: false,
  ...fields,
});

/** The one certificate of a page holding `certificate`; fails the test if the page is rejected. */
function parsedCertificate(certificate: unknown) {
  const result = v.safeParse(ProjectCertificatePageSchema, page([certificate]));
  if (!result.success) throw new Error(v.summarize(result.issues));
  const [first] = result.output.data;
  if (!first) throw new Error("the page lost its certificate");
  return first;
}

/** `input` without its `key` field, as an API that leaves the field out sends it. */
function without(input: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = input;
  return rest;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const rejects = (schema: v.GenericSchema, input: unknown) => !v.safeParse(schema, input).success;

describe("project certificate list page", () => {
  it("validates a page, keeping the fields the sweep uses and dropping the rest", () => {
    const result = v.parse(
      ProjectCertificatePageSchema,
      page([wireCertificate(), wireCertificate({ id: "cert_def456", active: false })], {
        has_more: true,
        last_id: "cert_def456",
      }),
    );
    expect(result).toEqual({
      object: "list",
      data: [
        {
          object: "organization.project.certificate",
          id: "cert_abc123",
          name: "mTLS client",
          active: true,
          created_at: CREATED_AT,
          certificate_details: { valid_at: CREATED_AT, expires_at: EXPIRES_AT },
        },
        {
          object: "organization.project.certificate",
          id: "cert_def456",
          name: "mTLS client",
          active: false,
          created_at: CREATED_AT,
          certificate_details: { valid_at: CREATED_AT, expires_at: EXPIRES_AT },
        },
      ],
      has_more: true,
      last_id: "cert_def456",
    });
  });

  it("keeps valid_at, the start of validity, and treats an unusable one as unknown", () => {
    expect(parsedCertificate(wireCertificate()).certificate_details.valid_at).toBe(CREATED_AT);
    const odd = wireCertificate({
      certificate_details: { valid_at: "soon", expires_at: EXPIRES_AT },
    });
    expect(parsedCertificate(odd).certificate_details).toEqual({
      valid_at: undefined,
      expires_at: EXPIRES_AT,
    });
  });

  it("keeps a valid expires_at, up to the last second of year 9999", () => {
    expect(parsedCertificate(wireCertificate()).certificate_details.expires_at).toBe(EXPIRES_AT);
    const latest = wireCertificate({ certificate_details: { expires_at: MAX_UNIX_SECONDS } });
    expect(parsedCertificate(latest).certificate_details.expires_at).toBe(MAX_UNIX_SECONDS);
  });

  it.each([
    ["missing", {}],
    ["null", { expires_at: null }],
    ["a string", { expires_at: "1767225600" }],
    ["0", { expires_at: 0 }],
    ["negative", { expires_at: -1 }],
    ["fractional", { expires_at: 1_767_225_600.5 }],
    ["in milliseconds", { expires_at: 1.8e12 }],
    ["NaN", { expires_at: Number.NaN }],
  ])("treats an expires_at that is %s as unknown without failing the page", (_case, details) => {
    const certificate = parsedCertificate(wireCertificate({ certificate_details: details }));
    expect(certificate.certificate_details.expires_at).toBeUndefined();
    expect(certificate.id).toBe("cert_abc123");
  });

  it("treats missing certificate_details as an unknown expiry", () => {
    const wire = without(wireCertificate(), "certificate_details");
    expect(parsedCertificate(wire).certificate_details.expires_at).toBeUndefined();
  });

  it.each([
    ["null", null],
    ["a string", "expires soon"],
  ])("treats certificate_details that are %s as an unknown expiry", (_case, details) => {
    const wire = wireCertificate({ certificate_details: details });
    expect(parsedCertificate(wire).certificate_details.expires_at).toBeUndefined();
  });

  it("keeps one certificate's unusable expiry from affecting its neighbours", () => {
    const result = v.parse(
      ProjectCertificatePageSchema,
      page([
        wireCertificate({ id: "cert_ms", certificate_details: { expires_at: 1.8e12 } }),
        wireCertificate({ id: "cert_ok" }),
      ]),
    );
    expect(result.data.map((c) => [c.id, c.certificate_details.expires_at])).toEqual([
      ["cert_ms", undefined],
      ["cert_ok", EXPIRES_AT],
    ]);
  });
});

describe("certificate created_at", () => {
  it("keeps the upload time in Unix seconds", () => {
    expect(parsedCertificate(wireCertificate()).created_at).toBe(CREATED_AT);
    const latest = wireCertificate({ created_at: MAX_UNIX_SECONDS });
    expect(parsedCertificate(latest).created_at).toBe(MAX_UNIX_SECONDS);
  });

  it("treats a missing created_at as unknown without failing the page", () => {
    const certificate = parsedCertificate(without(wireCertificate(), "created_at"));
    expect(certificate.created_at).toBeUndefined();
    expect(certificate.certificate_details.expires_at).toBe(EXPIRES_AT);
  });

  it.each([
    ["null", null],
    ["a string", "1735689600"],
    ["0", 0],
    ["negative", -1],
    ["fractional", 1_735_689_600.5],
    ["in milliseconds", 1.7e12],
    ["NaN", Number.NaN],
  ])("treats a created_at that is %s as unknown without failing the page", (_case, createdAt) => {
    const certificate = parsedCertificate(wireCertificate({ created_at: createdAt }));
    expect(certificate.created_at).toBeUndefined();
    expect(certificate.id).toBe("cert_abc123");
    expect(certificate.certificate_details.expires_at).toBe(EXPIRES_AT);
  });
});

describe("certificate names", () => {
  it.each([
    ["a newline", "prod\nFORGED: all clear", "prod FORGED: all clear"],
    ["a tab", "prod\tclient", "prod client"],
    ["a NUL", "prod\u0000client", "prod client"],
    ["a run of control characters", "prod\r\n\u0007client", "prod client"],
    ["control characters at the ends", "\n prod client \t", "prod client"],
  ])("replaces %s with a space", (_case, name, cleaned) => {
    expect(parsedCertificate(wireCertificate({ name })).name).toBe(cleaned);
  });

  it("cuts a long name to 200 characters ending in an ellipsis", () => {
    const name = parsedCertificate(wireCertificate({ name: "n".repeat(5_000) })).name;
    expect(name).toHaveLength(200);
    expect(name?.endsWith("…")).toBe(true);
    expect(name?.startsWith("nnnn")).toBe(true);
  });

  it("keeps a name of exactly 200 characters whole", () => {
    const name = "n".repeat(200);
    expect(parsedCertificate(wireCertificate({ name })).name).toBe(name);
  });

  it.each([
    ["U+2028 LINE SEPARATOR", "prod\u2028CRITICAL: forged", "prod CRITICAL: forged"],
    ["U+2029 PARAGRAPH SEPARATOR", "prod\u2029CRITICAL: forged", "prod CRITICAL: forged"],
    ["U+0085 NEL", "prod\u0085CRITICAL: forged", "prod CRITICAL: forged"],
    ["the C1 control U+009B", "prod\u009b2Jclient", "prod 2Jclient"],
    ["U+202E RIGHT-TO-LEFT OVERRIDE", "prod\u202eexe.crt", "prod exe.crt"],
    ["the bidi isolate U+2067", "prod\u2067client\u2069", "prod client"],
    ["U+200F RIGHT-TO-LEFT MARK", "prod\u200fclient", "prod client"],
  ])("replaces %s, which could forge or reorder a line, with a space", (_case, name, cleaned) => {
    expect(parsedCertificate(wireCertificate({ name })).name).toBe(cleaned);
  });

  it("keeps emoji, CJK and combining marks intact while cleaning around them", () => {
    const name = "証明書\u2028👨‍👩‍👧‍👦\u202e🇯🇵\u0085cafe\u0301\u009bend";
    expect(parsedCertificate(wireCertificate({ name })).name).toBe(
      "証明書 👨‍👩‍👧‍👦 🇯🇵 cafe\u0301 end",
    );
  });

  it("replaces a lone surrogate with U+FFFD", () => {
    const name = parsedCertificate(wireCertificate({ name: "prod\uD83D client" })).name;
    expect(name).toBe("prod\uFFFD client");
  });

  it.each([
    ["emoji", "😀".repeat(150), "😀"],
    ["ZWJ family sequences", "👨‍👩‍👧‍👦".repeat(28), "👨‍👩‍👧‍👦"],
  ])(
    "cuts a 300-character name of %s to at most 200 without splitting one",
    (_case, long, unit) => {
      expect(long.length).toBeGreaterThanOrEqual(300);
      const name = parsedCertificate(wireCertificate({ name: long })).name ?? "";
      expect(name.length).toBeLessThanOrEqual(200);
      expect(name).not.toMatch(LONE_SURROGATE);
      expect(name.endsWith("…")).toBe(true);
      // Only whole copies of the repeated emoji before the ellipsis.
      const kept = name.slice(0, -1);
      expect(kept).toBe(unit.repeat(kept.length / unit.length));
      expect(kept.length).toBeGreaterThan(199 - unit.length);
    },
  );

  it("keeps a null or missing name as null", () => {
    expect(parsedCertificate(wireCertificate({ name: null })).name).toBeNull();
    expect(parsedCertificate(without(wireCertificate(), "name")).name).toBeNull();
  });

  it("cleans line separators, bidi controls and C1 controls out of project names too", () => {
    const project = v.parse(ProjectSchema, {
      object: "organization.project",
      id: "proj_abc",
      name: "Payments\u2028CRITICAL: forged\u202e\u0085 証明書 👍🏽 e\u0301\u0090",
    });
    expect(project.name).toBe("Payments CRITICAL: forged 証明書 👍🏽 e\u0301");
  });

  it("cleans project names the same way", () => {
    const project = v.parse(ProjectSchema, {
      object: "organization.project",
      id: "proj_abc",
      name: "Payments\nteam",
      created_at: 1_735_689_600,
      status: "active",
    });
    expect(project).toEqual({
      object: "organization.project",
      id: "proj_abc",
      name: "Payments team",
      archived_at: null,
      status: "active",
    });
  });
});

describe("ids", () => {
  it("accepts an id of 256 letters, digits, _ and -", () => {
    const id = `cert_${"a".repeat(251)}`;
    expect(parsedCertificate(wireCertificate({ id })).id).toBe(id);
  });

  it.each([
    ["a space", "cert abc"],
    ["a newline", "cert_abc\nFORGED"],
    ["a non-ASCII character", "cert_abç"],
    ["a slash", "cert_a/../../organization"],
    ["dots", ".."],
    ["a question mark", "cert_a?limit=1"],
    ["a percent sign", "cert_a%2F"],
    ["a hash", "cert_a#b"],
    ["nothing in it", ""],
    ["257 characters", `cert_${"a".repeat(252)}`],
  ])("rejects a certificate whose id has %s", (_case, id) => {
    expect(rejects(ProjectCertificatePageSchema, page([wireCertificate({ id })]))).toBe(true);
  });

  it("rejects a certificate without an id", () => {
    const noId = without(wireCertificate(), "id");
    expect(rejects(ProjectCertificatePageSchema, page([noId]))).toBe(true);
  });

  it.each([
    ["a space", "proj 1"],
    ["a slash", "proj_1/certificates/deactivate"],
    ["dots", "../proj_1"],
  ])("rejects a project whose id has %s, before it could go into a URL path", (_case, id) => {
    expect(rejects(ProjectSchema, { object: "organization.project", id, name: "p" })).toBe(true);
  });
});

describe("object discriminators", () => {
  it("tells an organization certificate from a project certificate", () => {
    const organizationCertificate = wireCertificate({ object: "organization.certificate" });
    expect(rejects(OrganizationCertificateSchema, organizationCertificate)).toBe(false);
    expect(rejects(ProjectCertificateSchema, organizationCertificate)).toBe(true);
    expect(rejects(OrganizationCertificateSchema, wireCertificate())).toBe(true);
  });

  it("accepts a deactivation response whose object is organization.project.certificate.deactivation", () => {
    const result = v.parse(ProjectDeactivationSchema, {
      object: "organization.project.certificate.deactivation",
      data: [wireCertificate({ active: false })],
    });
    expect(result.data.map((c) => [c.id, c.active])).toEqual([["cert_abc123", false]]);
  });

  it("rejects a deactivation response whose object is list", () => {
    expect(rejects(ProjectDeactivationSchema, { object: "list", data: [wireCertificate()] })).toBe(
      true,
    );
  });

  it("accepts an organization deactivation response of organization certificates", () => {
    const result = v.parse(OrganizationDeactivationSchema, {
      object: "organization.certificate.deactivation",
      data: [wireCertificate({ object: "organization.certificate", active: false })],
    });
    expect(result.data).toEqual([
      {
        object: "organization.certificate",
        id: "cert_abc123",
        name: "mTLS client",
        active: false,
        created_at: CREATED_AT,
        certificate_details: { valid_at: CREATED_AT, expires_at: EXPIRES_AT },
      },
    ]);
  });

  it.each([
    ["list", "list"],
    ["the project deactivation object", "organization.project.certificate.deactivation"],
    ["the activation object", "organization.certificate.activation"],
  ])("rejects an organization deactivation response whose object is %s", (_case, object) => {
    const data = [wireCertificate({ object: "organization.certificate", active: false })];
    expect(rejects(OrganizationDeactivationSchema, { object, data })).toBe(true);
  });

  it("rejects an organization deactivation response holding project certificates", () => {
    const body = { object: "organization.certificate.deactivation", data: [wireCertificate()] };
    expect(rejects(OrganizationDeactivationSchema, body)).toBe(true);
  });

  it("requires the list envelope's object to be list", () => {
    expect(rejects(ProjectCertificatePageSchema, page([], { object: "page" }))).toBe(true);
    expect(rejects(ProjectCertificatePageSchema, without(page([]), "object"))).toBe(true);
  });

  it("requires has_more", () => {
    expect(rejects(ProjectCertificatePageSchema, without(page([]), "has_more"))).toBe(true);
  });

  it.each([
    ["a string", "false"],
    ["null", null],
    ["a number", 0],
  ])("requires has_more to be a boolean, not %s", (_case, hasMore) => {
    expect(rejects(ProjectCertificatePageSchema, page([], { has_more: hasMore }))).toBe(true);
  });

  it("accepts a list page without last_id, reading it as null", () => {
    const withoutLastId = without(page([]), "last_id");
    expect(v.parse(ProjectCertificatePageSchema, withoutLastId).last_id).toBeNull();
  });
});
