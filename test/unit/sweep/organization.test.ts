import { describe, expect, it } from "vitest";
import { summarizeOrganization } from "../../../lib/sweep/organization.js";
import type { CertificateWithFlag } from "../../../lib/sweep/select.js";

const NOW = 1_800_000_000;
const DAY = 86_400;
const listed = (id: string, active: boolean, expiresIn: number): CertificateWithFlag => ({
  id,
  name: null,
  active,
  created_at: NOW - 100 * DAY,
  valid_at: NOW - 100 * DAY,
  expires_at: NOW + expiresIn,
});
const policy = { deactivateWithinDays: 1, warnWithinDays: 14 };

describe("summarizeOrganization", () => {
  it("keeps as valid only active certificates outside the deactivation window", () => {
    const certificates = [
      listed("kept", true, 30 * DAY),
      listed("due_valid", true, DAY / 2), // valid now, but in the window: the run may take it
      listed("expired", true, -DAY),
      listed("inactive", false, 30 * DAY),
    ];
    for (const deactivateOrganization of [true, false]) {
      const summary = summarizeOrganization(certificates, NOW, {
        policy,
        deactivateOrganization,
        protectLastValid: false,
      });
      expect(summary.validKept).toBe(1);
      const due = deactivateOrganization ? summary.due.planned : summary.due.leftActive;
      expect(due.map((c) => c.id)).toEqual(["due_valid", "expired"]);
    }
  });
});

describe("summarizeOrganization with a listing that repeats a certificate", () => {
  it("counts it once, so that deactivating the only valid one leaves none", () => {
    const only = listed("only", true, DAY / 2);
    const summary = summarizeOrganization([only, listed("kept", false, 30 * DAY), only], NOW, {
      policy,
      deactivateOrganization: true,
      protectLastValid: false,
    });
    expect(summary.certificates).toBe(2);
    expect(summary.due.planned.map((c) => c.id)).toEqual(["only"]);
    expect(summary.validKept).toBe(0);
  });
});
