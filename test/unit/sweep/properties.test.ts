// Property-based tests (fast-check) of the decisions that choose what to deactivate: whatever
// certificates a project lists, only due, active ones are chosen, in the fewest valid calls, and a
// rerun after success chooses nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkIds, MAX_IDS_PER_CALL } from "../../../lib/sweep/chunk.js";
import {
  type CertificateWithFlag,
  type ExpiryPolicy,
  planProject,
} from "../../../lib/sweep/select.js";

const DAY = 86_400;
const NOW = 1_795_856_400; // 2026-11-28T09:00:00Z

const policyArb: fc.Arbitrary<ExpiryPolicy> = fc
  .tuple(fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true }))
  .map(([a, b]) => ({ deactivateWithinDays: Math.min(a, b), warnWithinDays: Math.max(a, b) }));

// Ids from a small alphabet, so that repeats (one certificate listed twice) happen often.
const idArb = fc.constantFrom(...Array.from({ length: 30 }, (_, i) => `cert_${i}`));

const certificateArb: fc.Arbitrary<CertificateWithFlag> = fc.record({
  id: idArb,
  name: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
  active: fc.boolean(),
  // Expired long ago to far in the future, right at the window's edges, or unknown.
  expires_at: fc.option(
    fc.oneof(
      fc.integer({ min: NOW - 400 * DAY, max: NOW + 400 * DAY }),
      fc.integer({ min: -2, max: 2 }).map((d) => NOW + DAY + d),
    ),
    { nil: undefined },
  ),
});

const isDue = (c: CertificateWithFlag, policy: ExpiryPolicy) =>
  c.active && c.expires_at !== undefined && c.expires_at <= NOW + policy.deactivateWithinDays * DAY;

describe("planProject, for any listing", () => {
  it("chooses exactly the certificates that are active and due, each once", () => {
    fc.assert(
      fc.property(fc.array(certificateArb, { maxLength: 60 }), policyArb, (listing, policy) => {
        const chosen = planProject(listing, NOW, policy).deactivate.map((c) => c.id);
        // The first listing of an id decides, as in the code's dedupe: a repeat counts once.
        const firstActive = new Map<string, CertificateWithFlag>();
        for (const c of listing) if (c.active && !firstActive.has(c.id)) firstActive.set(c.id, c);
        const expected = [...firstActive.values()].filter((c) => isDue(c, policy)).map((c) => c.id);
        expect(chosen).toEqual(expected);
        expect(new Set(chosen).size).toBe(chosen.length);
      }),
    );
  });

  it("never chooses a healthy, inactive or unknown-expiry certificate", () => {
    fc.assert(
      fc.property(fc.array(certificateArb, { maxLength: 60 }), policyArb, (listing, policy) => {
        const chosen = new Set(planProject(listing, NOW, policy).deactivate.map((c) => c.id));
        for (const c of listing) {
          const neverDue = !listing.some((other) => other.id === c.id && isDue(other, policy));
          if (neverDue) expect(chosen.has(c.id)).toBe(false);
        }
      }),
    );
  });

  it("chooses nothing on a rerun once the chosen certificates are inactive", () => {
    fc.assert(
      fc.property(fc.array(certificateArb, { maxLength: 60 }), policyArb, (listing, policy) => {
        const chosen = new Set(planProject(listing, NOW, policy).deactivate.map((c) => c.id));
        const after = listing.map((c) => (chosen.has(c.id) ? { ...c, active: false } : c));
        expect(planProject(after, NOW, policy).deactivate).toEqual([]);
      }),
    );
  });
});

describe("chunkIds, for any ids", () => {
  it("makes the fewest calls, each with 1 to 10 unique ids, covering every id exactly once", () => {
    fc.assert(
      fc.property(fc.array(idArb, { maxLength: 120 }), (ids) => {
        const chunks = chunkIds(ids);
        const unique = new Set(ids);
        expect(chunks).toHaveLength(Math.ceil(unique.size / MAX_IDS_PER_CALL));
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThanOrEqual(1);
          expect(chunk.length).toBeLessThanOrEqual(MAX_IDS_PER_CALL);
          expect(new Set(chunk).size).toBe(chunk.length);
        }
        expect(chunks.flat().sort()).toEqual([...unique].sort());
      }),
    );
  });
});
