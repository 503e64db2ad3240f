import { describe, expect, it } from "vitest";
import { announcedTier, isDigestRun, slotTime } from "../../../lib/notify/tiers.js";

const DAY = 86_400;
const HOUR = 3_600;
const TIERS = [30, 7, 1] as const;

/** Unix seconds of a UTC wall-clock time. */
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number =>
  Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
const iso = (at: number): string => new Date(at * 1000).toISOString().slice(0, 19);

interface Cert {
  id: string;
  expires_at?: number | undefined;
  created_at?: number | undefined;
}

interface Announcement {
  id: string;
  at: string;
  tier: number;
}

/** What one certificate is warned about over a series of run slots. */
function warnings(
  cert: Omit<Cert, "id">,
  slots: readonly number[],
  period = DAY,
  tiers: readonly number[] = TIERS,
): { at: string; tier: number }[] {
  return slots.flatMap((at) => {
    const tier = announcedTier(cert, at, period, tiers);
    return tier === null ? [] : [{ at: iso(at), tier }];
  });
}

const everyPeriod = (first: number, count: number, period = DAY): number[] =>
  Array.from({ length: count }, (_, i) => first + i * period);

const AT = utc(2026, 11, 10, 6);

describe("announcedTier", () => {
  it("warns in the run whose slot is exactly the tier crossing, and only there", () => {
    const cert = { expires_at: AT + 7 * DAY };
    expect(announcedTier(cert, AT, DAY, TIERS)).toBe(7);
    expect(announcedTier(cert, AT - DAY, DAY, TIERS)).toBeNull();
    expect(announcedTier(cert, AT + DAY, DAY, TIERS)).toBeNull();
  });

  it("leaves a crossing exactly one period before the slot to the previous run", () => {
    const cert = { expires_at: AT - DAY + 7 * DAY };
    expect(announcedTier(cert, AT, DAY, TIERS)).toBeNull();
    expect(announcedTier(cert, AT - DAY, DAY, TIERS)).toBe(7);
  });

  it("warns about a crossing one second after the previous slot in this run", () => {
    expect(announcedTier({ expires_at: AT - DAY + 1 + 7 * DAY }, AT, DAY, TIERS)).toBe(7);
  });

  it("warns once per tier, not every day, about a long-lived certificate", () => {
    const cert = { expires_at: utc(2026, 12, 20, 13, 37), created_at: utc(2025, 12, 20) };
    expect(warnings(cert, everyPeriod(utc(2026, 11, 1, 6), 60))).toEqual([
      { at: "2026-11-21T06:00:00", tier: 30 },
      { at: "2026-12-14T06:00:00", tier: 7 },
      { at: "2026-12-20T06:00:00", tier: 1 },
    ]);
  });

  it("warns about a certificate uploaded with 5 days left once as tier 7, then as tier 1", () => {
    const uploaded = utc(2026, 11, 10, 13, 37);
    const cert = { created_at: uploaded, expires_at: uploaded + 5 * DAY };
    expect(warnings(cert, everyPeriod(utc(2026, 11, 1, 6), 20))).toEqual([
      { at: "2026-11-11T06:00:00", tier: 7 },
      { at: "2026-11-15T06:00:00", tier: 1 },
    ]);
  });

  it("leaves a certificate uploaded just after the slot to the next run", () => {
    const cert = { created_at: AT + 30, expires_at: AT + 30 + 5 * DAY };
    expect(announcedTier(cert, AT, DAY, TIERS)).toBeNull();
    expect(announcedTier(cert, AT + DAY, DAY, TIERS)).toBe(7);
  });

  it("never warns about a certificate without a known expiry", () => {
    for (const at of everyPeriod(AT, 40)) {
      expect(announcedTier({}, at, DAY, TIERS)).toBeNull();
      expect(announcedTier({ created_at: AT - HOUR }, at, DAY, TIERS)).toBeNull();
    }
  });

  it("does not warn about an expired certificate, which is deactivated instead", () => {
    // Uploaded inside the run's interval, so only the expiry keeps it from being warned about.
    const uploaded = AT - HOUR;
    expect(announcedTier({ created_at: uploaded, expires_at: AT }, AT, DAY, TIERS)).toBeNull();
    expect(announcedTier({ created_at: uploaded, expires_at: AT - 1 }, AT, DAY, TIERS)).toBeNull();
    expect(announcedTier({ created_at: uploaded, expires_at: AT + 1 }, AT, DAY, TIERS)).toBe(1);
  });

  it("treats unsorted and repeated tiers like the sorted list", () => {
    const slots = everyPeriod(utc(2026, 11, 1, 6), 60);
    const longLived = { expires_at: utc(2026, 12, 20, 13, 37) };
    const uploadedLate = { created_at: utc(2026, 12, 1, 9), expires_at: utc(2026, 12, 6, 9) };
    for (const cert of [longLived, uploadedLate]) {
      const expected = warnings(cert, slots);
      expect(expected.length).toBeGreaterThan(0);
      expect(warnings(cert, slots, DAY, [1, 30, 7, 7, 30, 1])).toEqual(expected);
      expect(warnings(cert, slots, DAY, [7, 1, 30])).toEqual(expected);
    }
  });

  it("with runs every 12 hours warns in the half-day run after each crossing", () => {
    const cert = { expires_at: utc(2026, 11, 20, 13, 37) };
    expect(warnings(cert, everyPeriod(utc(2026, 11, 1, 6), 40, 12 * HOUR), 12 * HOUR)).toEqual([
      { at: "2026-11-13T18:00:00", tier: 7 },
      { at: "2026-11-19T18:00:00", tier: 1 },
    ]);
  });

  it("with weekly runs warns only about the most urgent tier crossed during the week", () => {
    // Tiers 7 and 1 are both crossed between the Monday runs of 9 and 16 November.
    const cert = { expires_at: utc(2026, 11, 16, 20) };
    const mondays = everyPeriod(utc(2026, 10, 12, 6), 6, 7 * DAY);
    expect(warnings(cert, mondays, 7 * DAY)).toEqual([
      { at: "2026-10-19T06:00:00", tier: 30 },
      { at: "2026-11-16T06:00:00", tier: 1 },
    ]);
  });

  it("rejects a schedule period that is not positive", () => {
    const cert = { expires_at: AT + 7 * DAY };
    for (const period of [0, -DAY, Number.NaN]) {
      expect(() => announcedTier(cert, AT, period, TIERS)).toThrow(RangeError);
    }
  });
});

describe("isDigestRun", () => {
  it("with daily runs picks exactly one run a week, the one on the digest weekday", () => {
    for (const timeOfDay of [6 * HOUR, 13 * HOUR + 37 * 60, 23 * HOUR + 59 * 60 + 59, 1]) {
      const slots = everyPeriod(utc(2026, 11, 1) + timeOfDay, 28);
      for (let weekday = 0; weekday <= 6; weekday++) {
        const digests = slots.filter((at) => isDigestRun(at, DAY, weekday));
        expect(digests).toHaveLength(4);
        for (const at of digests) expect(new Date(at * 1000).getUTCDay()).toBe(weekday);
      }
    }
  });

  it("counts a run exactly at midnight as that day's", () => {
    const monday = utc(2026, 11, 2);
    expect(isDigestRun(monday, DAY, 1)).toBe(true);
    expect(isDigestRun(monday - DAY, DAY, 1)).toBe(false);
    expect(isDigestRun(monday + DAY, DAY, 1)).toBe(false);
  });

  it("with runs every 12 hours picks only the first run of the digest weekday", () => {
    const slots = everyPeriod(utc(2026, 11, 1, 6), 28, 12 * HOUR);
    expect(slots.filter((at) => isDigestRun(at, 12 * HOUR, 1)).map(iso)).toEqual([
      "2026-11-02T06:00:00",
      "2026-11-09T06:00:00",
    ]);
  });

  it("with a period of a week or more makes every run a digest run", () => {
    for (const period of [7 * DAY, 10 * DAY]) {
      for (const at of everyPeriod(utc(2026, 11, 4, 13, 37), 10, period)) {
        for (let weekday = 0; weekday <= 6; weekday++) {
          expect(isDigestRun(at, period, weekday)).toBe(true);
        }
      }
    }
  });

  it("never sends a digest without a digest weekday", () => {
    for (const at of everyPeriod(utc(2026, 11, 1, 6), 14)) {
      expect(isDigestRun(at, DAY, undefined)).toBe(false);
      expect(isDigestRun(at, 7 * DAY, undefined)).toBe(false);
    }
  });

  it("rejects a schedule period that is not positive", () => {
    expect(() => isDigestRun(AT, 0, 1)).toThrow(RangeError);
  });
});

describe("slotTime", () => {
  it("rounds a late start down to the whole minute", () => {
    expect(slotTime(undefined, utc(2026, 11, 10, 8, 0, 59) * 1000 + 999)).toBe(
      utc(2026, 11, 10, 8),
    );
    expect(slotTime(undefined, utc(2026, 11, 10, 8) * 1000)).toBe(utc(2026, 11, 10, 8));
  });

  it("uses the scheduler's time for a retried delivery, however late it starts", () => {
    const scheduled = utc(2026, 11, 10, 6);
    expect(slotTime(scheduled, utc(2026, 11, 10, 6, 3, 12) * 1000 + 250)).toBe(scheduled);
  });
});

describe("a simulated month of daily runs at 06:00 UTC", () => {
  const FIRST = utc(2026, 11, 1, 6);
  const RUNS = everyPeriod(FIRST, 45);
  // Odd times of day, including the 06:00 slot itself and a second either side of it.
  const TIMES = [
    13 * HOUR + 37 * 60,
    6 * HOUR,
    6 * HOUR - 1,
    6 * HOUR + 1,
    24 * HOUR - 1,
    0,
    18 * HOUR + 45 * 60 + 12,
  ];
  const longLived: Cert[] = Array.from({ length: 24 }, (_, i) => {
    const expires = utc(2026, 11, 1) + Math.floor(i * 2.5) * DAY + (TIMES[i % TIMES.length] ?? 0);
    return {
      id: `long_${i}`,
      expires_at: expires,
      created_at: i % 4 === 0 ? undefined : expires - 400 * DAY,
    };
  });
  const mid = (d: number, h: number, mi = 0, s = 0) => utc(2026, 11, d, h, mi, s);
  const CERTS: Cert[] = [
    ...longLived,
    {
      id: "up_5d_left",
      created_at: mid(15, 10, 12),
      expires_at: mid(15, 10, 12) + 5 * DAY + 3 * HOUR,
    },
    { id: "up_at_slot_6d_left", created_at: mid(15, 6), expires_at: mid(15, 6) + 6 * DAY },
    { id: "up_20d_left", created_at: mid(17, 21, 3), expires_at: mid(17, 21, 3) + 20 * DAY },
    { id: "up_40d_left", created_at: mid(14, 13, 37), expires_at: mid(14, 13, 37) + 40 * DAY },
    { id: "up_30h_left", created_at: mid(20, 8), expires_at: mid(21, 14) },
    { id: "up_12h_left", created_at: mid(20, 8), expires_at: mid(20, 20) },
    { id: "up_just_after_slot", created_at: mid(22, 6, 0, 1), expires_at: mid(26, 6, 0, 1) },
    { id: "no_expiry", created_at: mid(16, 12) },
    { id: "expired_before", expires_at: utc(2026, 10, 20, 13, 37) },
  ];

  /** Runs each slot over the certificates listed when it started (uploads after that are unseen). */
  function simulate(runs: readonly { slot: number; startedAtMs: number }[]): Announcement[] {
    return runs.flatMap(({ slot, startedAtMs }) =>
      CERTS.filter((c) => c.created_at === undefined || c.created_at * 1000 <= startedAtMs).flatMap(
        (c) => {
          const tier = announcedTier(c, slot, DAY, TIERS);
          return tier === null ? [] : [{ id: c.id, at: iso(slot), tier }];
        },
      ),
    );
  }
  const onTime = simulate(RUNS.map((at) => ({ slot: at, startedAtMs: at * 1000 })));

  const crossing = (c: Cert, tier: number): number =>
    Math.max((c.expires_at ?? Number.NaN) - tier * DAY, c.created_at ?? Number.NEGATIVE_INFINITY);
  const ownerRun = (instant: number): number | undefined =>
    RUNS.find((at) => at - DAY < instant && instant <= at);

  it("warns about each certificate and tier at most once", () => {
    const keys = onTime.map((a) => `${a.id}/${a.tier}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(40);
  });

  it("warns about every tier crossed during the month, or the more urgent one sharing its run", () => {
    let skipped = 0;
    for (const c of CERTS) {
      for (const tier of TIERS) {
        const own = onTime.filter((a) => a.id === c.id && a.tier === tier);
        const run = c.expires_at === undefined ? undefined : ownerRun(crossing(c, tier));
        // Outside the simulated runs, or expired by its run (deactivated instead): no warning.
        if (run === undefined || (c.expires_at ?? 0) <= run) {
          expect(own, `${c.id} tier ${tier}`).toEqual([]);
          continue;
        }
        const sharing = TIERS.filter((t) => ownerRun(crossing(c, t)) === run);
        const winner = Math.min(...sharing);
        expect(onTime.filter((a) => a.id === c.id && a.at === iso(run))).toEqual([
          { id: c.id, at: iso(run), tier: winner },
        ]);
        if (winner === tier) expect(own).toEqual([{ id: c.id, at: iso(run), tier }]);
        else {
          expect(own).toEqual([]);
          skipped++;
        }
      }
    }
    // The month includes uploads already inside a tier, whose larger tiers are skipped.
    expect(skipped).toBeGreaterThan(0);
  });

  it("warns about a certificate in decreasing tier order", () => {
    for (const c of CERTS) {
      const tiers = onTime.filter((a) => a.id === c.id).map((a) => a.tier);
      expect(tiers, c.id).toEqual([...tiers].sort((a, b) => b - a));
      expect(new Set(tiers).size).toBe(tiers.length);
    }
  });

  it("warns only on a day when the certificate entered that tier", () => {
    for (const a of onTime) {
      const c = CERTS.find((x) => x.id === a.id);
      const at = Date.parse(`${a.at}Z`) / 1000;
      const expires = c?.expires_at ?? Number.NaN;
      const insideNow = expires - at <= a.tier * DAY;
      const insideOrListedAtPreviousRun =
        expires - (at - DAY) <= a.tier * DAY && (c?.created_at ?? 0) <= at - DAY;
      expect(insideNow && !insideOrListedAtPreviousRun, `${a.id} on ${a.at}`).toBe(true);
    }
  });

  it("sends what a notifier that remembered its past warnings would send", () => {
    // Stateful reference: warn when the most urgent tier a listed certificate is inside of gets
    // smaller. Its memory starts one run before the month, so older crossings count as known.
    const remembered = new Map<string, number>();
    const expected: Announcement[] = [];
    for (const at of [FIRST - DAY, ...RUNS]) {
      for (const c of CERTS) {
        if (c.expires_at === undefined || c.expires_at <= at) continue;
        if (c.created_at !== undefined && c.created_at > at) continue;
        const inside = TIERS.filter((t) => (c.expires_at ?? 0) - at <= t * DAY);
        if (inside.length === 0) continue;
        const mostUrgent = Math.min(...inside);
        const before = remembered.get(c.id);
        if (before !== undefined && before <= mostUrgent) continue;
        remembered.set(c.id, mostUrgent);
        if (at >= FIRST) expected.push({ id: c.id, at: iso(at), tier: mostUrgent });
      }
    }
    const byIdThenTime = (x: Announcement, y: Announcement) =>
      x.id.localeCompare(y.id) || x.at.localeCompare(y.at);
    expect([...onTime].sort(byIdThenTime)).toEqual(expected.sort(byIdThenTime));
  });

  it("warns about uploads inside a tier in the run after the upload", () => {
    const of = (id: string) =>
      onTime.filter((a) => a.id === id).map(({ at, tier }) => ({ at, tier }));
    expect(of("up_5d_left")).toEqual([
      { at: "2026-11-16T06:00:00", tier: 7 },
      { at: "2026-11-20T06:00:00", tier: 1 },
    ]);
    expect(of("up_at_slot_6d_left")).toEqual([
      { at: "2026-11-15T06:00:00", tier: 7 },
      { at: "2026-11-20T06:00:00", tier: 1 },
    ]);
    expect(of("up_20d_left")).toEqual([
      { at: "2026-11-18T06:00:00", tier: 30 },
      { at: "2026-12-01T06:00:00", tier: 7 },
      { at: "2026-12-07T06:00:00", tier: 1 },
    ]);
    expect(of("up_30h_left")).toEqual([{ at: "2026-11-21T06:00:00", tier: 1 }]);
    expect(of("up_12h_left")).toEqual([]);
    expect(of("no_expiry")).toEqual([]);
    expect(of("expired_before")).toEqual([]);
  });

  it("sends the same warnings when each run starts up to 50 seconds late", () => {
    // Deterministic pseudo-random lateness of 0–50 s, slot derived from the start time alone.
    const late = RUNS.map((at, i) => {
      const startedAtMs = at * 1000 + ((i * 12_345 + 4_321) % 50_001);
      return { slot: slotTime(undefined, startedAtMs), startedAtMs };
    });
    expect(late.map((r) => r.slot)).toEqual(RUNS);
    // Some late run lists a certificate uploaded after its slot; it must still wait for the next.
    const upload = CERTS.find((c) => c.id === "up_just_after_slot")?.created_at ?? 0;
    expect(late.some((r) => r.slot < upload && upload * 1000 <= r.startedAtMs)).toBe(true);
    expect(simulate(late)).toEqual(onTime);
  });

  it("with a Monday digest makes exactly the Mondays digest runs", () => {
    expect(RUNS.filter((at) => isDigestRun(at, DAY, 1)).map(iso)).toEqual([
      "2026-11-02T06:00:00",
      "2026-11-09T06:00:00",
      "2026-11-16T06:00:00",
      "2026-11-23T06:00:00",
      "2026-11-30T06:00:00",
      "2026-12-07T06:00:00",
      "2026-12-14T06:00:00",
    ]);
  });
});
