import * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { OrganizationCertificate } from "../../../lib/openai/schemas.js";
import { headline } from "../../../lib/report/headline.js";
import { isFailure, type OutcomeFacts, outcomeOf } from "../../../lib/report/outcome.js";
import { OUTCOMES, type Report, ReportSchema } from "../../../lib/report/schema.js";
import { attributes } from "../../../lib/report/sns-message.js";
import { renderText } from "../../../lib/report/text.js";
import { summarizeOrganization } from "../../../lib/sweep/organization.js";
import { emptyResult } from "../../../lib/sweep/result.js";
import { type CertificateRef, planProject, toRef } from "../../../lib/sweep/select.js";

import {
  DAY,
  DIGEST,
  EVALUATED_AT_MS,
  HOUR,
  NEW_7D,
  NOW_S,
  OLD_3D,
  OUTCOME_REPORTS,
  organization,
  project,
  ref,
  report,
  SCENARIOS,
  warning,
} from "../../support/report-fixtures.js";

describe("buildReport outcome", () => {
  it("is nothing_to_do when nothing happened", () => {
    expect(report().outcome).toBe("nothing_to_do");
  });

  it("is deactivated when certificates were deactivated", () => {
    expect(OUTCOME_REPORTS.deactivated().outcome).toBe("deactivated");
  });

  it("is planned in a dry run, even when other projects deactivated something", () => {
    const r = report({
      projects: [
        project("proj_a", { planned: [ref("c1", NOW_S)] }),
        project("proj_b", { deactivated: [ref("c2", NOW_S)] }),
      ],
    });
    expect(r.outcome).toBe("planned");
  });

  it("is cap_exceeded when the safety cap tripped, before planned", () => {
    expect(OUTCOME_REPORTS.cap_exceeded().outcome).toBe("cap_exceeded");
  });

  it("is failed when a project failed, even with the cap tripped", () => {
    const r = report({
      projects: [
        project("proj_a", { planned: [ref("c1", NOW_S)] }),
        project("proj_b", {
          failures: [
            { stage: "list", reason: "error", requestId: null, error: "503", certificates: [] },
          ],
        }),
      ],
      capTripped: true,
    });
    expect(r.outcome).toBe("failed");
  });

  it("is failed when the run had an error", () => {
    expect(OUTCOME_REPORTS.failed().outcome).toBe("failed");
  });

  it("is failed when a project was not scanned for lack of time", () => {
    const r = report({ notScanned: [{ id: "proj_late", name: "Late", reason: "time_budget" }] });
    expect(r.outcome).toBe("failed");
    expect(r.counts.projects_not_scanned).toBe(1);
    expect(r.projects_not_scanned).toEqual([
      { id: "proj_late", name: "Late", reason: "time_budget" },
    ]);
  });

  it("is not failed for an included project the list did not contain, which is still reported", () => {
    const r = report({ missingIncluded: ["proj_gone"] });
    expect(r.outcome).toBe("nothing_to_do");
    expect(r.projects_not_scanned).toEqual([{ id: "proj_gone", name: null, reason: "not_found" }]);
  });

  it("ranks failed > cap_exceeded > planned > deactivated > nothing_to_do", () => {
    const counts = (planned: number, deactivated: number) => ({
      ...report().counts,
      certificates_planned: planned,
      certificates_deactivated: deactivated,
    });
    const facts = (parts: Partial<OutcomeFacts> = {}): OutcomeFacts => ({
      runErrors: 0,
      failed: false,
      capTripped: false,
      incomplete: false,
      ...parts,
    });
    expect(outcomeOf(counts(1, 1), facts({ failed: true, capTripped: true }))).toBe("failed");
    expect(outcomeOf(counts(1, 1), facts({ runErrors: 1, capTripped: true }))).toBe("failed");
    expect(outcomeOf(counts(1, 1), facts({ incomplete: true, capTripped: true }))).toBe("failed");
    expect(outcomeOf(counts(1, 1), facts({ capTripped: true }))).toBe("cap_exceeded");
    expect(outcomeOf(counts(1, 1), facts())).toBe("planned");
    expect(outcomeOf(counts(0, 1), facts())).toBe("deactivated");
    expect(outcomeOf(counts(0, 0), facts())).toBe("nothing_to_do");
  });

  it("marks failed and cap_exceeded runs as failures of the Lambda", () => {
    expect(OUTCOMES.filter((outcome) => isFailure({ outcome }))).toEqual([
      "failed",
      "cap_exceeded",
    ]);
  });
});

describe("buildReport content", () => {
  const full = () =>
    report({
      organization: {
        ...emptyResult(EVALUATED_AT_MS).organization,
        certificates: 42,
        expiringSoon: [{ ...ref("c_warn", NOW_S + 3 * DAY), days_left: 3 }],
        unknownExpiry: [ref("c_unknown", undefined)],
      },
      projectsListed: 7,
      projectsScanned: 3,
      projects: [
        project("proj_a", {
          deactivated: [ref("c1", NOW_S - DAY), ref("c2", NOW_S + 3600)],
          failures: [
            {
              stage: "deactivate",
              reason: "error",
              requestId: null,
              error: "500 server error",
              certificates: [ref("c3", NOW_S)],
            },
          ],
          warnings: [{ ...ref("c_warn", NOW_S + 3 * DAY), days_left: 3 }],
        }),
        project("proj_quiet"),
        project("proj_b", { unknownExpiry: [ref("c_unknown", undefined, null)] }),
      ],
      skipped: [
        { id: "proj_old", name: "Old", reason: "archived" },
        { id: "proj_x", name: "X", reason: "not_included" },
        { id: "proj_y", name: "Y", reason: "not_included" },
        { id: "proj_ex", name: "Ex", reason: "excluded" },
      ],
      notScanned: [{ id: "proj_late", name: null, reason: "time_budget" }],
      missingIncluded: ["proj_gone"],
    });

  it("counts what was found and done", () => {
    expect(full().counts).toEqual({
      organization_certificates: 42,
      projects_listed: 7,
      projects_scanned: 3,
      projects_failed: 1,
      projects_deactivated: 1,
      projects_planned: 0,
      // One ran out of time, one named in INCLUDE_PROJECTS was not found: both are in the list.
      projects_not_scanned: 2,
      projects_skipped: 4,
      certificates_deactivated: 2,
      certificates_planned: 0,
      certificates_failed: 1,
      warnings: 1,
      unknown_expiry: 1,
      // c_warn expires 3 days after the slot: this run announces its 3-day tier.
      warnings_announced: 1,
      projects_without_valid_certificate: 0,
      organization_certificates_deactivated: 0,
      organization_certificates_planned: 0,
      organization_certificates_failed: 0,
      organization_certificates_left_active: 0,
      certificates_held_back: 0,
      certificates_activated: 0,
      activations_planned: 0,
      organization_certificates_held_back: 0,
      date_disagreements: 0,
    });
  });

  it("writes instants as ISO strings and an unknown expiry as null", () => {
    const r = full();
    expect(r.evaluated_at).toBe("2025-03-01T12:00:00.000Z");
    expect(r.projects[0]?.deactivated).toEqual([
      { id: "c1", name: "cert c1", expires_at: "2025-02-28T12:00:00.000Z", request_id: null },
      { id: "c2", name: "cert c2", expires_at: "2025-03-01T13:00:00.000Z", request_id: null },
    ]);
    expect(r.projects[0]?.warnings).toEqual([
      {
        id: "c_warn",
        name: "cert c_warn",
        expires_at: "2025-03-04T12:00:00.000Z",
        days_left: 3,
        tier_days: 3,
      },
    ]);
    expect(r.organization.unknown_expiry).toEqual([
      { id: "c_unknown", name: "cert c_unknown", expires_at: null },
    ]);
    expect(r.projects[1]?.unknown_expiry).toEqual([
      { id: "c_unknown", name: null, expires_at: null },
    ]);
  });

  it("lists only the projects with something to report", () => {
    expect(full().projects.map((p) => p.id)).toEqual(["proj_a", "proj_b"]);
  });

  it("summarises skipped projects and names the excluded ones", () => {
    expect(full().projects_skipped).toEqual({
      archived: 1,
      not_included: 2,
      excluded: ["proj_ex"],
    });
  });

  it("carries the run facts and policy", () => {
    const r = full();
    expect(r).toMatchObject({
      report_version: 2,
      source: "openai-cert-sweeper",
      run_id: "run-0001",
      dry_run: false,
      policy: { deactivate_within_days: 1, warn_within_days: 14, max_deactivations_per_run: 20 },
      part: { index: 1, count: 1 },
    });
  });

  it("validates against ReportSchema for every outcome", () => {
    expect(v.parse(ReportSchema, full())).toEqual(full());
    for (const make of Object.values(OUTCOME_REPORTS)) {
      const r = make();
      expect(v.parse(ReportSchema, r)).toEqual(r);
    }
  });
});

describe("buildReport severity", () => {
  it.each([
    ["a project left without a valid certificate", SCENARIOS.lastCertificateDeactivated],
    [
      "a dry run that would leave a project without one",
      SCENARIOS.lastCertificateWouldBeDeactivated,
    ],
    ["a failed run", OUTCOME_REPORTS.failed],
    ["a tripped safety cap", OUTCOME_REPORTS.cap_exceeded],
    ["a failed organization-level deactivation", SCENARIOS.organizationFailed],
  ])("is critical for %s", (_, make) => {
    expect(make().severity).toBe("critical");
  });

  it.each([
    ["deactivated certificates", OUTCOME_REPORTS.deactivated],
    ["planned certificates", OUTCOME_REPORTS.planned],
    ["deactivated organization-level certificates", SCENARIOS.organizationDeactivated],
    ["planned organization-level certificates", SCENARIOS.organizationPlanned],
    [
      "an expiring certificate left active at the organization level",
      SCENARIOS.organizationLeftActive,
    ],
  ])("is high for %s", (_, make) => {
    expect(make().severity).toBe("high");
  });

  it.each([
    ["a newly crossed warning tier", SCENARIOS.announcedWarning],
    ["the digest with warnings", SCENARIOS.digest],
  ])("is warning for %s", (_, make) => {
    expect(make().severity).toBe("warning");
  });

  it.each([
    ["warnings announced in earlier runs only", SCENARIOS.oldWarning],
    ["a run with nothing to report", OUTCOME_REPORTS.nothing_to_do],
    ["the digest without warnings", () => report({}, DIGEST)],
  ])("is info for %s", (_, make) => {
    expect(make().severity).toBe("info");
  });

  it("puts a run that succeeded but left a project without a valid certificate above high", () => {
    const r = SCENARIOS.lastCertificateDeactivated();
    expect(r.outcome).toBe("deactivated");
    expect(r.severity).toBe("critical");
  });
});

describe("buildReport warning tiers", () => {
  it("gives each warning the tier this run announces, or null when it crossed none since the last run", () => {
    const r = report({
      projects: [
        project("proj_a", {
          warnings: [
            warning("c_7", NEW_7D),
            warning("c_next_run", OLD_3D),
            // Its 14-day crossing is exactly the slot, which belongs to this run.
            warning("c_14", NOW_S + 14 * DAY),
            // Uploaded an hour ago already inside the 14- and 7-day tiers: the most urgent wins.
            { ...warning("c_uploaded", NOW_S + 5 * DAY), created_at: NOW_S - HOUR },
          ],
        }),
      ],
    });
    expect(r.projects[0]?.warnings.map((w) => [w.id, w.tier_days])).toEqual([
      ["c_7", 7],
      ["c_next_run", null],
      ["c_14", 14],
      ["c_uploaded", 7],
    ]);
    expect(r.counts.warnings).toBe(4);
    expect(r.counts.warnings_announced).toBe(3);
  });

  it("counts a certificate announced in several projects once", () => {
    const r = report({
      projects: [
        project("proj_a", { warnings: [warning("c_7", NEW_7D)] }),
        project("proj_b", { warnings: [warning("c_7", NEW_7D), warning("c_old", OLD_3D)] }),
      ],
    });
    expect(r.projects.map((p) => p.warnings.map((w) => w.tier_days))).toEqual([[7], [7, null]]);
    expect(r.counts.warnings).toBe(2);
    expect(r.counts.warnings_announced).toBe(1);
  });

  it("announces organization warnings when projects were not scanned", () => {
    const r = report({
      projectScan: "skipped_nothing_due",
      organization: organization({
        certificates: 2,
        expiringSoon: [warning("c_7", NEW_7D), warning("c_old", OLD_3D)],
      }),
    });
    expect(r.organization.expiring_soon.map((w) => w.tier_days)).toEqual([7, null]);
    expect(r.counts.warnings).toBe(2);
    expect(r.counts.warnings_announced).toBe(1);
  });

  it("carries the notification policy and whether this run is the digest", () => {
    const daily = report();
    expect(daily.digest).toBe(false);
    expect(daily.policy).toEqual({
      deactivate_within_days: 1,
      warn_within_days: 14,
      max_deactivations_per_run: 20,
      warn_tiers_days: [14, 7, 3],
      schedule_period_hours: 24,
      digest_weekday: null,
      deactivate_organization_certificates: false,
      protect_last_valid_certificate: true,
      activate_replacements: false,
    });
    const digest = report({}, { ...DIGEST, deactivateOrganization: true });
    expect(digest.digest).toBe(true);
    expect(digest.policy).toMatchObject({
      digest_weekday: "saturday",
      deactivate_organization_certificates: true,
    });
  });
});

describe("buildReport no_valid_certificate_left", () => {
  const flags = (r: Report) => r.projects.map((p) => [p.id, p.no_valid_certificate_left]);

  it("flags a project whose only certificates were deactivated, and counts it", () => {
    const r = SCENARIOS.lastCertificateDeactivated();
    expect(flags(r)).toEqual([["proj_a", true]]);
    expect(r.counts.projects_without_valid_certificate).toBe(1);
  });

  it("does not flag a project that keeps another valid certificate", () => {
    const r = report({
      projects: [project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validKept: 1 })],
    });
    expect(flags(r)).toEqual([["proj_a", false]]);
    expect(r.counts.projects_without_valid_certificate).toBe(0);
  });

  it("does not flag a project whose failed deactivation left an unexpired certificate active", () => {
    const failedOn = (expiresAt: number) =>
      report({
        projects: [
          project("proj_a", {
            deactivated: [ref("c1", NOW_S - DAY)],
            failures: [
              {
                stage: "deactivate",
                reason: "error",
                requestId: null,
                error: "500",
                certificates: [ref("c2", expiresAt)],
              },
            ],
            validKept: 0,
          }),
        ],
      });
    expect(flags(failedOn(NOW_S + HOUR))).toEqual([["proj_a", false]]);
    // An expired certificate still active is no use to the project.
    expect(flags(failedOn(NOW_S - HOUR))).toEqual([["proj_a", true]]);
  });

  it("does not flag a project when a valid certificate is active at the organization level", () => {
    const r = report({
      organization: organization({ certificates: 1, validKept: 1 }),
      projects: [project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validKept: 0 })],
    });
    expect(flags(r)).toEqual([["proj_a", false]]);
  });

  it("flags, in a dry run, the projects the planned deactivations would leave without one", () => {
    expect(flags(SCENARIOS.lastCertificateWouldBeDeactivated())).toEqual([["proj_a", true]]);
    const withOrganization = (validKept: number, orgPlanned: CertificateRef[]) =>
      report(
        {
          organization: organization({ certificates: 1, validKept, due: { planned: orgPlanned } }),
          projects: [project("proj_a", { planned: [ref("c1", NOW_S - DAY)], validKept: 0 })],
        },
        { dryRun: true, deactivateOrganization: true },
      );
    // An organization-level certificate outside the window stays valid for every project...
    expect(flags(withOrganization(1, []))).toEqual([["proj_a", false]]);
    // ...but one the dry run would deactivate does not, valid as it is now.
    expect(flags(withOrganization(0, [ref("o1", NOW_S + HOUR)]))).toEqual([["proj_a", true]]);
  });

  it("does not flag a project whose deactivations were not confirmed, as nothing changed", () => {
    const r = report({
      projects: [project("proj_a", { planned: [ref("c1", NOW_S - DAY)], validKept: 0 })],
      declined: true,
    });
    expect(r.outcome).toBe("planned");
    expect(flags(r)).toEqual([["proj_a", false]]);
  });
});

describe("buildReport organization level", () => {
  const O1_EXPIRED = { id: "o1", name: "cert o1", expires_at: "2025-02-27T12:00:00.000Z" };

  it("reports certificates deactivated at the organization level, and is deactivated for them alone", () => {
    const r = SCENARIOS.organizationDeactivated();
    expect(r.outcome).toBe("deactivated");
    expect(r.organization.deactivated).toEqual([{ ...O1_EXPIRED, request_id: null }]);
    expect(r.counts).toMatchObject({
      certificates_deactivated: 0,
      organization_certificates_deactivated: 1,
      organization_certificates_planned: 0,
      organization_certificates_failed: 0,
      organization_certificates_left_active: 0,
    });
    expect(headline(r)).toBe("Deactivated 1 at the organization level");
    const text = renderText(r);
    expect(text).toContain(
      "Organization level:\n  - deactivated: cert o1 (o1), expired 2025-02-27 12:00 UTC, 2 days since expiry",
    );
    expect(text).toContain("at the organization level deactivated 1, planned 0, left active 0");
  });

  it("names project and organization-level deactivations together in the headline", () => {
    const r = report({
      organization: organization({ due: { deactivated: [ref("o1", NOW_S - 2 * DAY)] } }),
      projects: [project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)] })],
    });
    expect(headline(r)).toBe(
      "Deactivated 1 certificate in 1 project and 1 at the organization level",
    );
  });

  it("lists organization-level certificates a dry run would deactivate", () => {
    const r = SCENARIOS.organizationPlanned();
    expect(r.outcome).toBe("planned");
    expect(r.organization.planned).toEqual([O1_EXPIRED]);
    expect(r.counts.organization_certificates_planned).toBe(1);
    expect(headline(r)).toBe("Dry run: would deactivate 1 at the organization level");
    expect(renderText(r)).toContain(
      "Organization level:\n  - would deactivate: cert o1 (o1), expired 2025-02-27 12:00 UTC",
    );
  });

  it("reports an expiring certificate left active at the organization level", () => {
    const r = SCENARIOS.organizationLeftActive();
    expect(r.outcome).toBe("nothing_to_do");
    expect(r.organization.left_active).toEqual([
      { id: "o1", name: "cert o1", expires_at: "2025-03-01T18:00:00.000Z" },
    ]);
    expect(r.counts.organization_certificates_left_active).toBe(1);
    expect(headline(r)).toBe(
      "Nothing to deactivate; 1 expiring certificate left active at the organization level",
    );
    expect(renderText(r)).toContain(
      "  - left active (DEACTIVATE_ORGANIZATION_CERTIFICATES is off): cert o1 (o1), expires 2025-03-01 18:00 UTC, less than a day left",
    );
  });

  it("fails the run when an organization-level deactivation failed", () => {
    const r = SCENARIOS.organizationFailed();
    expect(r.outcome).toBe("failed");
    expect(isFailure(r)).toBe(true);
    expect(r.organization.failures).toEqual([
      {
        stage: "deactivate",
        reason: "error",
        error: "500 server error",
        request_id: null,
        certificates: [O1_EXPIRED],
      },
    ]);
    expect(r.counts.organization_certificates_failed).toBe(1);
    expect(headline(r)).toBe(
      "FAILED: organization-level deactivation failed; 0 certificates deactivated",
    );
    const text = renderText(r);
    expect(text).toContain("Organization level:\n  - deactivate failed: 500 server error");
    // The certificate is a detail of the failure above it, not a bullet of its own.
    expect(text).toContain(
      "  - deactivate failed: 500 server error\n    still active: cert o1 (o1), expired 2025-02-27 12:00 UTC",
    );
    expect(attributes(r).failed_count).toEqual({ DataType: "Number", StringValue: "1" });
  });
});

describe("ReportSchema", () => {
  it.each(Object.entries(SCENARIOS))("accepts the %s report", (_, make) => {
    expect(v.is(ReportSchema, make())).toBe(true);
  });
});

describe("buildReport with a certificate whose validity has not started", () => {
  const POLICY = { deactivateWithinDays: 1, warnWithinDays: 14 };
  const flags = (r: Report) => r.projects.map((p) => [p.id, p.no_valid_certificate_left]);

  /** A report of a real run that deactivated proj_a's due certificate, planned from its listing. */
  const deactivatedBeside = (replacementValidAt: number) => {
    const plan = planProject(
      [
        { ...ref("c_old", NOW_S - DAY), active: true },
        { ...ref("c_new", NOW_S + 400 * DAY), valid_at: replacementValidAt, active: true },
      ],
      NOW_S,
      POLICY,
    );
    return report({
      projects: [project("proj_a", { deactivated: plan.deactivate, validKept: plan.validKept })],
    });
  };

  it("flags a project left only with a certificate not valid yet, and is critical", () => {
    const r = deactivatedBeside(NOW_S + DAY);
    expect(r.projects[0]?.deactivated.map((c) => c.id)).toEqual(["c_old"]);
    expect(flags(r)).toEqual([["proj_a", true]]);
    expect(r.counts.projects_without_valid_certificate).toBe(1);
    expect(r.severity).toBe("critical");
    expect(headline(r)).toMatch(/^CRITICAL: 1 project left without a valid certificate/);
  });

  it("does not flag it once the replacement's validity has started", () => {
    const r = deactivatedBeside(NOW_S);
    expect(flags(r)).toEqual([["proj_a", false]]);
    expect(r.severity).toBe("high");
  });

  /** The organization level as listed: o_due is due and valid, o_new is active from `validAt`. */
  const organizationListing = (validAt: number): OrganizationCertificate[] => [
    {
      object: "organization.certificate",
      id: "o_due",
      name: "cert o_due",
      active: true,
      created_at: NOW_S - 400 * DAY,
      certificate_details: { valid_at: NOW_S - 400 * DAY, expires_at: NOW_S + HOUR },
    },
    {
      object: "organization.certificate",
      id: "o_new",
      name: "cert o_new",
      active: true,
      created_at: NOW_S - DAY,
      certificate_details: { valid_at: validAt, expires_at: NOW_S + 400 * DAY },
    },
  ];
  const flagged = (listed: OrganizationCertificate[]) =>
    listed.map((c) => ({ ...toRef(c), active: c.active }));
  const dryRunAtOrganization = (validAt: number) =>
    report(
      {
        organization: summarizeOrganization(flagged(organizationListing(validAt)), NOW_S, {
          policy: POLICY,
          deactivateOrganization: true,
          protectLastValid: false,
        }),
      },
      { dryRun: true, deactivateOrganization: true },
    );

  it("flags the organization level a dry run would leave only with a certificate not valid yet", () => {
    const r = dryRunAtOrganization(NOW_S + DAY);
    expect(r.organization.planned.map((c) => c.id)).toEqual(["o_due"]);
    expect(r.organization.no_valid_certificate_left).toBe(true);
    expect(r.severity).toBe("critical");
    expect(renderText(r)).toContain("the organization level (for every project that relies on it)");
  });

  it("does not flag the organization level when the other one is valid already", () => {
    const r = dryRunAtOrganization(NOW_S - HOUR);
    expect(r.organization.no_valid_certificate_left).toBe(false);
    expect(r.severity).toBe("high");
  });
});
