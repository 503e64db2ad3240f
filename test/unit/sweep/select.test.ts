import { describe, expect, it } from "vitest";
import {
  type CertificateWithFlag,
  classify,
  countInDeactivationWindow,
  daysLeft,
  type ExpiryPolicy,
  isValidAt,
  planProject,
  toRef,
} from "../../../lib/sweep/select.js";

const DAY = 86_400;
const HOUR = 3_600;
const NOW = 1_700_000_000;
const POLICY: ExpiryPolicy = { deactivateWithinDays: 1, warnWithinDays: 14 };

const cert = (id: string, expiresAt: number | undefined, active = true): CertificateWithFlag => ({
  id,
  name: `name of ${id}`,
  expires_at: expiresAt,
  active,
});

/** An active certificate whose validity starts at `validAt`. */
const startingAt = (id: string, validAt: number, expiresAt: number | undefined) => ({
  ...cert(id, expiresAt),
  valid_at: validAt,
});

describe("classify", () => {
  it("deactivates a certificate expiring exactly at now + the deactivation window", () => {
    expect(classify(NOW + DAY, NOW, POLICY)).toEqual({ action: "deactivate" });
  });

  it("only warns about a certificate expiring one second after the deactivation window", () => {
    expect(classify(NOW + DAY + 1, NOW, POLICY)).toEqual({ action: "warn", daysLeft: 1 });
  });

  it("deactivates an already expired certificate", () => {
    expect(classify(NOW - 1, NOW, POLICY)).toEqual({ action: "deactivate" });
    expect(classify(NOW - 400 * DAY, NOW, POLICY)).toEqual({ action: "deactivate" });
    expect(classify(NOW, NOW, POLICY)).toEqual({ action: "deactivate" });
  });

  it("warns inside the warning window up to and including its end", () => {
    expect(classify(NOW + 5 * DAY + 100, NOW, POLICY)).toEqual({ action: "warn", daysLeft: 5 });
    expect(classify(NOW + 14 * DAY, NOW, POLICY)).toEqual({ action: "warn", daysLeft: 14 });
  });

  it("does nothing with a certificate expiring after the warning window", () => {
    expect(classify(NOW + 14 * DAY + 1, NOW, POLICY)).toEqual({ action: "none" });
  });

  it("never deactivates a certificate without a known expiry", () => {
    expect(classify(undefined, NOW, POLICY)).toEqual({ action: "unknown_expiry" });
    expect(classify(undefined, NOW, { deactivateWithinDays: 3650, warnWithinDays: 3650 })).toEqual({
      action: "unknown_expiry",
    });
  });

  it("with DEACTIVATE_WITHIN_DAYS 0 deactivates only what has expired by now", () => {
    const policy = { deactivateWithinDays: 0, warnWithinDays: 14 };
    expect(classify(NOW, NOW, policy)).toEqual({ action: "deactivate" });
    expect(classify(NOW + 1, NOW, policy)).toEqual({ action: "warn", daysLeft: 0 });
  });

  it("supports fractional day windows", () => {
    const policy = { deactivateWithinDays: 0.5, warnWithinDays: 1.5 };
    expect(classify(NOW + DAY / 2, NOW, policy)).toEqual({ action: "deactivate" });
    expect(classify(NOW + DAY / 2 + 1, NOW, policy)).toEqual({ action: "warn", daysLeft: 0 });
    expect(classify(NOW + 1.5 * DAY, NOW, policy)).toEqual({ action: "warn", daysLeft: 1 });
    expect(classify(NOW + 1.5 * DAY + 1, NOW, policy)).toEqual({ action: "none" });
  });
});

describe("daysLeft", () => {
  it("rounds down to whole days", () => {
    expect(daysLeft(NOW + DAY - 1, NOW)).toBe(0);
    expect(daysLeft(NOW + DAY, NOW)).toBe(1);
    expect(daysLeft(NOW + 3 * DAY - 1, NOW)).toBe(2);
  });

  it("is negative once expired", () => {
    expect(daysLeft(NOW - 1, NOW)).toBe(-1);
    expect(daysLeft(NOW - DAY, NOW)).toBe(-1);
    expect(daysLeft(NOW - DAY - 1, NOW)).toBe(-2);
  });
});

describe("planProject", () => {
  it("sorts active certificates into deactivate, warnings and unknown expiry", () => {
    const plan = planProject(
      [
        cert("c_due", NOW + 60),
        cert("c_soon", NOW + 3 * DAY),
        cert("c_later", NOW + 100 * DAY),
        cert("c_unknown", undefined),
      ],
      NOW,
      POLICY,
    );
    expect(plan).toEqual({
      deactivate: [{ id: "c_due", name: "name of c_due", expires_at: NOW + 60 }],
      warnings: [{ id: "c_soon", name: "name of c_soon", expires_at: NOW + 3 * DAY, days_left: 3 }],
      unknownExpiry: [{ id: "c_unknown", name: "name of c_unknown", expires_at: undefined }],
      // c_soon, c_later and c_unknown stay valid once c_due is deactivated.
      validKept: 3,
    });
  });

  it("counts nothing valid left when every active certificate is due or expired", () => {
    const plan = planProject(
      [cert("c_expired", NOW - DAY), cert("c_due", NOW + 60), cert("c_off", NOW + 90 * DAY, false)],
      NOW,
      POLICY,
    );
    expect(plan.deactivate.map((c) => c.id)).toEqual(["c_expired", "c_due"]);
    expect(plan.validKept).toBe(0);
  });

  it("ignores certificates that are not active in the project", () => {
    const plan = planProject(
      [
        cert("c_off", NOW - DAY, false),
        cert("c_off_soon", NOW + 2 * DAY, false),
        cert("c_off_unknown", undefined, false),
      ],
      NOW,
      POLICY,
    );
    expect(plan).toEqual({ deactivate: [], warnings: [], unknownExpiry: [], validKept: 0 });
  });

  it("counts a repeated certificate id once", () => {
    const plan = planProject([cert("c_1", NOW), cert("c_2", NOW), cert("c_1", NOW)], NOW, POLICY);
    expect(plan.deactivate.map((c) => c.id)).toEqual(["c_1", "c_2"]);
  });

  it("keeps the listing order", () => {
    const plan = planProject(
      [cert("c_b", NOW), cert("c_a", NOW - 10), cert("c_c", NOW + 1)],
      NOW,
      POLICY,
    );
    expect(plan.deactivate.map((c) => c.id)).toEqual(["c_b", "c_a", "c_c"]);
  });
});

describe("isValidAt", () => {
  const bounds = (valid_at: number | undefined, expires_at: number | undefined) => ({
    id: "c",
    name: null,
    expires_at,
    ...(valid_at === undefined ? {} : { valid_at }),
  });

  it("is valid from the second its validity starts, not a second before", () => {
    expect(isValidAt(bounds(NOW, NOW + DAY), NOW)).toBe(true);
    expect(isValidAt(bounds(NOW - 1, NOW + DAY), NOW)).toBe(true);
    expect(isValidAt(bounds(NOW + 1, NOW + DAY), NOW)).toBe(false);
    expect(isValidAt(bounds(NOW + 30 * DAY, NOW + 400 * DAY), NOW)).toBe(false);
  });

  it("is no longer valid at the second it expires", () => {
    expect(isValidAt(bounds(NOW - DAY, NOW), NOW)).toBe(false);
    expect(isValidAt(bounds(NOW - DAY, NOW - 1), NOW)).toBe(false);
    expect(isValidAt(bounds(NOW - DAY, NOW + 1), NOW)).toBe(true);
  });

  it("does not hold an unknown bound against a certificate", () => {
    expect(isValidAt(bounds(undefined, undefined), NOW)).toBe(true);
    expect(isValidAt(bounds(undefined, NOW + 1), NOW)).toBe(true);
    expect(isValidAt(bounds(NOW, undefined), NOW)).toBe(true);
    // ...but a known bound still decides.
    expect(isValidAt(bounds(undefined, NOW), NOW)).toBe(false);
    expect(isValidAt(bounds(NOW + 1, undefined), NOW)).toBe(false);
  });
});

describe("planProject with certificates not valid yet", () => {
  it("counts no not-yet-valid replacement as valid left once the due one is deactivated", () => {
    const plan = planProject(
      [cert("c_due", NOW - DAY), startingAt("c_next", NOW + DAY, NOW + 400 * DAY)],
      NOW,
      POLICY,
    );
    expect(plan.deactivate.map((c) => c.id)).toEqual(["c_due"]);
    expect(plan.validKept).toBe(0);
  });

  it("counts a certificate whose validity starts exactly now", () => {
    const plan = planProject(
      [cert("c_due", NOW - DAY), startingAt("c_next", NOW, NOW + 400 * DAY)],
      NOW,
      POLICY,
    );
    expect(plan.validKept).toBe(1);
  });

  it("still classifies a not-yet-valid certificate by its expiry, keeping its valid_at", () => {
    const plan = planProject(
      [
        startingAt("c_due_early", NOW + HOUR, NOW + 2 * HOUR),
        startingAt("c_soon", NOW + HOUR, NOW + 3 * DAY),
        startingAt("c_unknown", NOW + 1, undefined),
        startingAt("c_later", NOW + DAY, NOW + 100 * DAY),
        startingAt("c_started", NOW - DAY, NOW + 100 * DAY),
      ],
      NOW,
      POLICY,
    );
    expect(plan).toEqual({
      deactivate: [
        {
          id: "c_due_early",
          name: "name of c_due_early",
          valid_at: NOW + HOUR,
          expires_at: NOW + 2 * HOUR,
        },
      ],
      warnings: [
        {
          id: "c_soon",
          name: "name of c_soon",
          valid_at: NOW + HOUR,
          expires_at: NOW + 3 * DAY,
          days_left: 3,
        },
      ],
      unknownExpiry: [
        { id: "c_unknown", name: "name of c_unknown", valid_at: NOW + 1, expires_at: undefined },
      ],
      // Only c_started can be used now; the others' validity has not started.
      validKept: 1,
    });
  });
});

describe("countInDeactivationWindow", () => {
  it("counts the certificates in the deactivation window, active or not", () => {
    expect(
      countInDeactivationWindow(
        [cert("a", NOW + 30 * DAY), cert("b", NOW + DAY, false), cert("c", NOW - DAY)],
        NOW,
        POLICY,
      ),
    ).toBe(2);
  });

  it("is 0 when certificates only warn or have no known expiry", () => {
    expect(
      countInDeactivationWindow([cert("a", NOW + DAY + 1), cert("b", undefined)], NOW, POLICY),
    ).toBe(0);
  });

  it("is 0 for no certificates", () => {
    expect(countInDeactivationWindow([], NOW, POLICY)).toBe(0);
  });
});

describe("toRef", () => {
  it("keeps id, name and expiry of a listed certificate", () => {
    expect(toRef({ id: "cert_1", name: "api", certificate_details: { expires_at: NOW } })).toEqual({
      id: "cert_1",
      name: "api",
      expires_at: NOW,
    });
  });

  it("keeps valid_at, the start of validity, when the API gives it", () => {
    expect(
      toRef({
        id: "cert_3",
        name: "next",
        certificate_details: { valid_at: NOW + DAY, expires_at: NOW + 400 * DAY },
      }),
    ).toEqual({ id: "cert_3", name: "next", valid_at: NOW + DAY, expires_at: NOW + 400 * DAY });
  });

  it("leaves valid_at out when the API gives none", () => {
    const given = toRef({ id: "cert_4", name: null, certificate_details: { expires_at: NOW } });
    const unusable = toRef({
      id: "cert_4",
      name: null,
      certificate_details: { valid_at: undefined, expires_at: NOW },
    });
    expect(Object.keys(given)).not.toContain("valid_at");
    expect(Object.keys(unusable)).not.toContain("valid_at");
  });

  it("keeps a missing expiry and name as unknown", () => {
    expect(toRef({ id: "cert_2", name: null, certificate_details: {} })).toEqual({
      id: "cert_2",
      name: null,
      expires_at: undefined,
    });
  });
});
