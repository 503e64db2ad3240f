import { describe, expect, it } from "vitest";
import { headline } from "../../../lib/report/headline.js";
import { subject } from "../../../lib/report/sns-message.js";
import { renderText } from "../../../lib/report/text.js";
import { emptyResult } from "../../../lib/sweep/result.js";
import { DAILY_NOTICE, runFacts } from "../../support/facts.js";

import {
  DAY,
  DIGEST,
  EVALUATED_AT_MS,
  HOUR,
  NEW_7D,
  NOW_S,
  OLD_3D,
  OUTCOME_REPORTS,
  project,
  ref,
  report,
  SCENARIOS,
  warning,
} from "../../support/report-fixtures.js";

describe("renderText", () => {
  it("starts with the headline and names projects, certificates and days left", () => {
    const r = report({
      projects: [
        project("proj_a", {
          deactivated: [ref("c1", NOW_S - DAY)],
          // Its 7-day tier was crossed an hour before the slot: announced in this run.
          warnings: [{ ...ref("c_soon", NOW_S + 7 * DAY - HOUR), days_left: 6 }],
        }),
      ],
    });
    const text = renderText(r);
    expect(text.split("\n")[0]).toBe(headline(r));
    expect(headline(r)).toBe("Deactivated 1 certificate in 1 project");
    expect(text).toContain("Project proj_a (proj_a)");
    expect(text).toContain("cert c1 (c1), expired 2025-02-28 12:00 UTC");
    expect(text).toContain("cert c_soon (c_soon), expires 2025-03-08 11:00 UTC, 6 days left");
    // Grouped by project: the label, then one line per certificate under it.
    expect(text).toContain(
      [
        "Project proj_a (proj_a)",
        "  - deactivated: cert c1 (c1), expired 2025-02-28 12:00 UTC, 1 day since expiry",
        "  - 7-day warning: cert c_soon (c_soon), expires 2025-03-08 11:00 UTC, 6 days left",
      ].join("\n"),
    );
    expect(text).not.toContain("DRY RUN");
  });

  it("says DRY RUN and lists what would be deactivated", () => {
    const r = OUTCOME_REPORTS.planned();
    const text = renderText(r);
    expect(text).toContain("DRY RUN");
    expect(text).toContain(
      "Project proj_a (proj_a)\n  - would deactivate: cert c1 (c1), expired 2025-03-01 12:00 UTC",
    );
    expect(text).toContain("cert c1 (c1)");
    expect(headline(r)).toBe("Dry run: would deactivate 1 certificate in 1 project");
  });

  it("explains the safety cap", () => {
    const text = renderText(OUTCOME_REPORTS.cap_exceeded());
    expect(text).toContain("Safety cap tripped: 1 certificate due, limit 20; nothing deactivated");
    expect(text).toContain(
      "The safety cap tripped: 1 certificate due, more than MAX_DEACTIVATIONS_PER_RUN (20); nothing was deactivated.",
    );
    expect(text).toContain(
      "  - not attempted: the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN\n",
    );
    expect(text).toContain("    still active: cert c1 (c1), expired 2025-03-01 12:00 UTC");
  });

  it("lists run errors and project failures", () => {
    const r = report({
      runErrors: [
        { stage: "list organization certificates", requestId: null, error: "503 unavailable" },
      ],
      projects: [
        project("proj_a", {
          failures: [
            {
              stage: "deactivate",
              reason: "error",
              requestId: null,
              error: "500 server error",
              certificates: [ref("c9", NOW_S)],
            },
          ],
        }),
      ],
    });
    const text = renderText(r);
    // The headline names what failed and leaves out what did not.
    expect(text.split("\n")[0]).toBe(
      "FAILED: list organization certificates failed, 1 project failed; 0 certificates deactivated",
    );
    expect(text).toContain("Run errors:\n  - list organization certificates: 503 unavailable");
    expect(text).toContain("deactivate failed: 500 server error");
    expect(text).toContain("cert c9 (c9)");
  });

  it("explains projects that were not scanned", () => {
    const text = renderText(
      report({
        notScanned: [{ id: "proj_late", name: "Late", reason: "time_budget" }],
        missingIncluded: ["proj_gone"],
      }),
    );
    expect(text).toContain("Late (proj_late): the run's time budget ran out");
    expect(text).toContain("proj_gone: named in INCLUDE_PROJECTS but not in the project list");
  });

  it("shows organization warnings when projects were not scanned because nothing was due", () => {
    const r = report({
      projectScan: "skipped_nothing_due",
      organization: {
        ...emptyResult(EVALUATED_AT_MS).organization,
        certificates: 3,
        // Its 3-day tier was crossed an hour before the slot: announced in this run.
        expiringSoon: [{ ...ref("c_w", NOW_S + 3 * DAY - HOUR), days_left: 2 }],
        unknownExpiry: [ref("c_u", undefined, null)],
      },
    });
    const text = renderText(r);
    expect(headline(r)).toBe("Nothing to deactivate; 1 certificate crossed a warning tier");
    expect(text).toContain("projects were not scanned");
    expect(text).toContain("cert c_w (c_w), expires 2025-03-04 11:00 UTC, 2 days left");
    expect(text).toContain(
      [
        "Organization level:",
        "  - 3-day warning: cert c_w (c_w), expires 2025-03-04 11:00 UTC, 2 days left",
        "  - unknown expiry, never deactivated: c_u",
      ].join("\n"),
    );
  });
  it("lists only the warnings announced in this run and counts those announced earlier", () => {
    const r = report({
      projects: [
        project("proj_a", { warnings: [warning("c_new", NEW_7D), warning("c_old", OLD_3D)] }),
      ],
    });
    const text = renderText(r);
    expect(headline(r)).toBe("Nothing to deactivate; 1 certificate crossed a warning tier");
    expect(text).toContain(
      "Project proj_a (proj_a)\n  - 7-day warning: cert c_new (c_new), expires 2025-03-08 11:00 UTC, 6 days left",
    );
    expect(text).not.toContain("c_old");
    expect(text).toContain("Also in the warning window, announced in earlier runs: 1 certificate.");
  });

  it("points to the digest for the warnings announced earlier", () => {
    const facts = runFacts(NOW_S, { noticeSettings: { ...DAILY_NOTICE, digestWeekday: 0 } });
    const r = report(
      { projects: [project("proj_a", { warnings: [warning("c_old", OLD_3D)] })] },
      facts,
    );
    expect(r.digest).toBe(false);
    expect(headline(r)).toBe("Nothing to deactivate");
    expect(renderText(r)).toContain(
      "Also in the warning window, announced in earlier runs: 1 certificate (all are listed in the sunday digest).",
    );
  });

  it("lists every warning in the digest, marking those not announced now", () => {
    const r = report(
      {
        projects: [
          project("proj_a", { warnings: [warning("c_new", NEW_7D), warning("c_old", OLD_3D)] }),
        ],
      },
      DIGEST,
    );
    const text = renderText(r);
    expect(text).toContain("expiry evaluated at 2025-03-01 12:00 UTC, weekly digest.");
    expect(text).toContain(
      [
        "Project proj_a (proj_a)",
        "  - 7-day warning: cert c_new (c_new), expires 2025-03-08 11:00 UTC, 6 days left",
        "  - expiring: cert c_old (c_old), expires 2025-03-04 13:00 UTC, 3 days left",
      ].join("\n"),
    );
    expect(text).not.toContain("announced in earlier runs");
  });

  it("headlines the digest with every warning when none crossed a tier now", () => {
    const r = report(
      {
        projects: [
          project("proj_a", { warnings: [warning("c_old", OLD_3D)] }),
          project("proj_b", { warnings: [warning("c_older", NOW_S + 10 * DAY)] }),
        ],
      },
      DIGEST,
    );
    expect(headline(r)).toBe("Weekly digest: 2 certificates expiring within 14 days");
    const withNews = report(
      {
        projects: [
          project("proj_a", { warnings: [warning("c_old", OLD_3D)] }),
          project("proj_b", { warnings: [warning("c_new", NOW_S + 7 * DAY - 3600)] }),
        ],
      },
      DIGEST,
    );
    expect(headline(withNews)).toBe(
      "Weekly digest: 2 certificates expiring within 14 days, 1 certificate crossed a warning tier",
    );
    const text = renderText(r);
    expect(text).toContain("  - expiring: cert c_old (c_old)");
    expect(text).toContain("  - expiring: cert c_older (c_older)");
  });

  it("puts the projects left without a valid certificate first, under CRITICAL, and says so in the headline", () => {
    const r = report({
      projects: [
        project("proj_ok", { deactivated: [ref("c0", NOW_S - DAY)] }),
        project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validKept: 0 }),
      ],
    });
    expect(headline(r)).toBe(
      "CRITICAL: 1 project left without a valid certificate; deactivated 2 certificates in 2 projects",
    );
    const text = renderText(r);
    const critical =
      "CRITICAL: left without a valid certificate (the next mutual-TLS request from these projects will fail):\n  - Project proj_a (proj_a)\n\n";
    expect(text).toContain(critical);
    expect(text.indexOf(critical)).toBeLessThan(text.indexOf("\nProject proj_ok (proj_ok)\n"));
    expect(text).toContain("projects left without a valid certificate 1.");
  });

  it("says which projects a dry run would leave without a valid certificate", () => {
    const r = SCENARIOS.lastCertificateWouldBeDeactivated();
    expect(headline(r)).toBe(
      "CRITICAL: 1 project would be left without a valid certificate; dry run: would deactivate 1 certificate in 1 project",
    );
    expect(renderText(r)).toContain(
      "CRITICAL: would be left without a valid certificate (the next mutual-TLS request from these projects will fail):\n  - Project proj_a (proj_a)",
    );
  });

  it("says a failed run left a project without a valid certificate in its headline", () => {
    const r = report({
      projects: [
        project("proj_a", {
          deactivated: [ref("c1", NOW_S - DAY)],
          failures: [
            {
              stage: "deactivate",
              reason: "error",
              requestId: null,
              error: "500",
              certificates: [ref("c2", NOW_S - HOUR)],
            },
          ],
          validKept: 0,
        }),
      ],
    });
    expect(headline(r)).toBe(
      "CRITICAL: 1 project left without a valid certificate; FAILED: 1 project failed; 1 certificate deactivated",
    );
  });

  it("keeps the CRITICAL part of the headline in a Subject that must be cut short", () => {
    const r = report({
      runErrors: Array.from({ length: 20 }, () => ({
        stage: "internal" as const,
        error: "x",
        requestId: null,
      })),
      projects: [project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validKept: 0 })],
    });
    const s = subject(r);
    expect(s.endsWith("...")).toBe(true);
    expect(
      s.startsWith("OpenAI cert sweep: CRITICAL: 1 project left without a valid certificate;"),
    ).toBe(true);
  });
});
