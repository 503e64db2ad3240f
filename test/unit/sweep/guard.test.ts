// The last-valid-certificate guard: examples, and properties over any project listing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { guardLastValid } from "../../../lib/sweep/guard.js";
import {
  type CertificateRef,
  type CertificateWithFlag,
  type ExpiryPolicy,
  isValidAt,
  planProject,
} from "../../../lib/sweep/select.js";

const HOUR = 3600;
const DAY = 86_400;
const NOW = 1_795_856_400;
const ref = (id: string, expiresIn: number, validFrom = -DAY): CertificateRef => ({
  id,
  name: null,
  expires_at: NOW + expiresIn,
  valid_at: NOW + validFrom,
});

describe("guardLastValid", () => {
  it("holds back a due certificate that is still valid and the last valid one", () => {
    const last = ref("cert_last", 12 * HOUR);
    expect(guardLastValid([last], 0, NOW)).toEqual({
      deactivate: [],
      heldBack: [{ ...last, reason: "last_valid" }],
    });
  });

  it("holds nothing back while another valid certificate stays active", () => {
    const due = [ref("cert_due", 12 * HOUR)];
    expect(guardLastValid(due, 1, NOW)).toEqual({ deactivate: due, heldBack: [] });
  });

  it("deactivates an expired one as usual: after its expiry it keeps nothing working", () => {
    const expired = ref("cert_expired", -HOUR);
    expect(guardLastValid([expired], 0, NOW)).toEqual({ deactivate: [expired], heldBack: [] });
  });

  it("of several valid due ones, keeps the one that expires last and deactivates the others", () => {
    const soon = ref("cert_soon", 2 * HOUR);
    const later = ref("cert_later", 20 * HOUR);
    const expired = ref("cert_expired", -DAY);
    const { deactivate, heldBack } = guardLastValid([soon, later, expired], 0, NOW);
    expect(heldBack.map((c) => c.id)).toEqual(["cert_later"]);
    expect(deactivate.map((c) => c.id)).toEqual(["cert_soon", "cert_expired"]);
  });

  it("does not count one whose validity has not started as valid", () => {
    const notYet = ref("cert_not_yet", 12 * HOUR, HOUR);
    expect(guardLastValid([notYet], 0, NOW).heldBack).toEqual([]);
  });
});

const policyArb: fc.Arbitrary<ExpiryPolicy> = fc
  .tuple(fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true }))
  .map(([a, b]) => ({ deactivateWithinDays: Math.min(a, b), warnWithinDays: Math.max(a, b) }));

const listingArb: fc.Arbitrary<CertificateWithFlag[]> = fc.array(
  fc.record({
    id: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `cert_${i}`)),
    name: fc.constant(null),
    active: fc.boolean(),
    expires_at: fc.option(fc.integer({ min: NOW - 40 * DAY, max: NOW + 40 * DAY }), {
      nil: undefined,
    }),
    valid_at: fc.option(fc.integer({ min: NOW - 400 * DAY, max: NOW + 2 * DAY }), {
      nil: undefined,
    }),
  }),
  { maxLength: 12 },
);

describe("planProject with the guard, for any listing", () => {
  it("never deactivates a certificate outside the deactivation window", () => {
    fc.assert(
      fc.property(listingArb, policyArb, fc.nat(2), (listing, policy, atOrg) => {
        const plan = planProject(listing, NOW, policy);
        const { deactivate } = guardLastValid(plan.deactivate, plan.validKept + atOrg, NOW);
        for (const c of deactivate) {
          expect(c.expires_at).toBeDefined();
          expect(c.expires_at ?? Infinity).toBeLessThanOrEqual(
            NOW + policy.deactivateWithinDays * DAY,
          );
        }
      }),
    );
  });

  it("leaves a project that had a valid certificate with one until that certificate expires", () => {
    fc.assert(
      fc.property(listingArb, policyArb, (listing, policy) => {
        const plan = planProject(listing, NOW, policy);
        const { deactivate, heldBack } = guardLastValid(plan.deactivate, plan.validKept, NOW);
        const gone = new Set(deactivate.map((c) => c.id));
        // A repeated id counts once, as first listed active (planProject does the same).
        const active = listing
          .filter((c) => c.active)
          .filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i);
        const validBefore = active.some((c) => isValidAt(c, NOW));
        const validAfter = active.some((c) => !gone.has(c.id) && isValidAt(c, NOW));
        if (validBefore) expect(validAfter).toBe(true);
        // What is held back is valid now: the first run after its expiry deactivates it.
        for (const c of heldBack) expect(isValidAt(c, NOW)).toBe(true);
        expect(heldBack.length).toBeLessThanOrEqual(1);
      }),
    );
  });
});
