import { describe, expect, it } from "vitest";
import { mustScanForNotice, type NoticeSettings, noticeAt } from "../../../lib/notify/notice.js";
import type { CertificateRef } from "../../../lib/sweep/select.js";

const DAY = 86_400;
const HOUR = 3_600;
/** A Saturday, 12:00 UTC. */
const AT = Date.parse("2025-03-01T12:00:00.000Z") / 1000;
const POLICY = { deactivateWithinDays: 1, warnWithinDays: 14 };

const settings = (parts: Partial<NoticeSettings> = {}): NoticeSettings => ({
  tiersDays: [14, 7, 3],
  periodHours: 24,
  digestWeekday: undefined,
  ...parts,
});

const cert = (id: string, expiresAt: number | undefined): CertificateRef => ({
  id,
  name: null,
  expires_at: expiresAt,
});

describe("noticeAt", () => {
  it("is the digest only in the run whose period holds the start of the digest weekday", () => {
    const saturdays = settings({ digestWeekday: 6 });
    expect(noticeAt(saturdays, AT).digest).toBe(true);
    expect(noticeAt(saturdays, AT + DAY).digest).toBe(false);
    expect(noticeAt(saturdays, AT - DAY).digest).toBe(false);
    expect(noticeAt(settings({ digestWeekday: 0 }), AT + DAY).digest).toBe(true);
    expect(noticeAt(settings(), AT).digest).toBe(false);
  });

  it("keeps the slot it was made for", () => {
    expect(noticeAt(settings(), AT).at).toBe(AT);
  });

  it("announces a tier in the run whose period holds its crossing", () => {
    const notice = noticeAt(settings(), AT);
    expect(notice.tierOf({ expires_at: AT + 7 * DAY - HOUR })).toBe(7);
    expect(notice.tierOf({ expires_at: AT + 3 * DAY + HOUR })).toBeNull();
    expect(notice.tierOf({ expires_at: undefined })).toBeNull();
  });

  it("hands a crossing 13 hours before the slot to the previous run when runs are 12 hours apart", () => {
    const crossing13HoursAgo = { expires_at: AT + 7 * DAY - 13 * HOUR };
    expect(noticeAt(settings({ periodHours: 24 }), AT).tierOf(crossing13HoursAgo)).toBe(7);
    expect(noticeAt(settings({ periodHours: 12 }), AT).tierOf(crossing13HoursAgo)).toBeNull();
    expect(noticeAt(settings({ periodHours: 12 }), AT - 12 * HOUR).tierOf(crossing13HoursAgo)).toBe(
      7,
    );
  });

  it("announces at upload a certificate uploaded already inside a tier", () => {
    const uploaded = { expires_at: AT + 5 * DAY, created_at: AT - HOUR };
    expect(noticeAt(settings(), AT).tierOf(uploaded)).toBe(7);
    expect(noticeAt(settings(), AT + DAY).tierOf(uploaded)).toBeNull();
  });
});

describe("mustScanForNotice", () => {
  const daily = noticeAt(settings(), AT);
  const digest = noticeAt(settings({ digestWeekday: 6 }), AT);
  const mustScan = (notice: typeof daily, certificates: CertificateRef[]) =>
    mustScanForNotice(notice, certificates, AT, POLICY);

  it("is true when a certificate in the warning window crosses a tier now", () => {
    expect(
      mustScan(daily, [cert("healthy", AT + 60 * DAY), cert("c_7", AT + 7 * DAY - HOUR)]),
    ).toBe(true);
  });

  it("is false for a warning announced in an earlier run", () => {
    expect(mustScan(daily, [cert("c_old", AT + 3 * DAY + HOUR)])).toBe(false);
  });

  it("is true on the digest for any certificate in the warning window", () => {
    expect(mustScan(digest, [cert("c_old", AT + 3 * DAY + HOUR)])).toBe(true);
  });

  it("is false for healthy and unknown-expiry certificates, even on the digest", () => {
    const quiet = [cert("healthy", AT + 60 * DAY), cert("unknown", undefined)];
    expect(mustScan(daily, quiet)).toBe(false);
    expect(mustScan(digest, quiet)).toBe(false);
  });

  it("is false for a tier crossed outside the warning window", () => {
    // The 14-day tier is crossed now, but a 10-day warning window does not include it.
    const narrow = { deactivateWithinDays: 1, warnWithinDays: 10 };
    expect(mustScanForNotice(daily, [cert("c_14", AT + 14 * DAY)], AT, narrow)).toBe(false);
    expect(mustScanForNotice(daily, [cert("c_14", AT + 14 * DAY)], AT, POLICY)).toBe(true);
  });

  it("is false for a certificate in the deactivation window, which is scanned for anyway", () => {
    expect(mustScan(digest, [cert("due", AT + HOUR)])).toBe(false);
  });
});
