import type { PublishCommandInput } from "@aws-sdk/client-sns";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { SNS_MESSAGE_MAX_BYTES } from "../../lib/aws-limits.js";
import { PublishError } from "../../lib/errors.js";
import type { OrganizationCertificate } from "../../lib/openai/schemas.js";
import {
  buildReport,
  isFailure,
  type OutcomeFacts,
  outcomeOf,
  type RunFacts,
} from "../../lib/report/build.js";
import { publishAll, shouldPublish } from "../../lib/report/publish.js";
import { OUTCOMES, type Report, ReportSchema } from "../../lib/report/schema.js";
import { attributes, messageBytes, snsMessages, subject } from "../../lib/report/sns-message.js";
import { headline, renderText } from "../../lib/report/text.js";
import { summarizeOrganization } from "../../lib/sweep/organization.js";
import { emptyResult, type OrganizationDue, type SweepResult } from "../../lib/sweep/result.js";
import { type CertificateRef, planProject, type Warning } from "../../lib/sweep/select.js";
import { DAILY_NOTICE, projectOutcome, runFacts } from "../support/facts.js";

const DAY = 86_400;
const HOUR = 3_600;
const EVALUATED_AT_MS = Date.parse("2025-03-01T12:00:00.000Z");
const NOW_S = EVALUATED_AT_MS / 1000;
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:cert-sweeper";

const FACTS: RunFacts = runFacts(NOW_S);

const ref = (
  id: string,
  expiresAt: number | undefined,
  name: string | null = `cert ${id}`,
): CertificateRef => ({
  id,
  name,
  expires_at: expiresAt,
});

const project = projectOutcome;

const result = (parts: Partial<SweepResult> = {}): SweepResult => ({
  ...emptyResult(EVALUATED_AT_MS),
  projectScan: "done",
  ...parts,
});

const report = (parts: Partial<SweepResult> = {}, facts: Partial<RunFacts> = {}) =>
  buildReport(result(parts), { ...FACTS, ...facts });

/** A report of each outcome, built from results that lead to it. */
const OUTCOME_REPORTS: Record<Report["outcome"], () => Report> = {
  failed: () =>
    report({ runErrors: [{ stage: "list projects", requestId: null, error: "500 boom" }] }),
  cap_exceeded: () =>
    report({
      projects: [
        project("proj_a", {
          failures: [
            {
              stage: "deactivate",
              reason: "safety_cap",
              error:
                "not attempted: the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN",
              requestId: null,
              certificates: [ref("c1", NOW_S)],
            },
          ],
        }),
      ],
      capTripped: true,
    }),
  planned: () =>
    report({ projects: [project("proj_a", { planned: [ref("c1", NOW_S)] })] }, { dryRun: true }),
  deactivated: () => report({ projects: [project("proj_a", { deactivated: [ref("c1", NOW_S)] })] }),
  nothing_to_do: () => report(),
};

/** Crosses its 7-day tier an hour before the slot: this run announces it (6 days left). */
const NEW_7D = NOW_S + 7 * DAY - HOUR;
/** Crosses its 3-day tier an hour after the slot: the next run announces it (3 days left). */
const OLD_3D = NOW_S + 3 * DAY + HOUR;

const warning = (id: string, expiresAt: number): Warning => ({
  ...ref(id, expiresAt),
  days_left: Math.floor((expiresAt - NOW_S) / DAY),
});

const organization = (
  parts: Omit<Partial<SweepResult["organization"]>, "due"> & { due?: Partial<OrganizationDue> },
): SweepResult["organization"] => {
  const empty = emptyResult(EVALUATED_AT_MS).organization;
  return { ...empty, ...parts, due: { ...empty.due, ...parts.due } };
};

/** 2025-03-01 (NOW_S) is a Saturday: with a Saturday digest, the run at NOW_S is the digest. */
const DIGEST: RunFacts = runFacts(NOW_S, {
  noticeSettings: { ...DAILY_NOTICE, digestWeekday: 6 },
});

/** Reports of the situations the notification features are about. */
const SCENARIOS = {
  lastCertificateDeactivated: () =>
    report({
      projects: [project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validLeft: 0 })],
    }),
  lastCertificateWouldBeDeactivated: () =>
    report(
      { projects: [project("proj_a", { planned: [ref("c1", NOW_S - DAY)], validLeft: 0 })] },
      { dryRun: true },
    ),
  announcedWarning: () =>
    report({ projects: [project("proj_a", { warnings: [warning("c_new", NEW_7D)] })] }),
  oldWarning: () =>
    report({ projects: [project("proj_a", { warnings: [warning("c_old", OLD_3D)] })] }),
  digest: () =>
    report({ projects: [project("proj_a", { warnings: [warning("c_old", OLD_3D)] })] }, DIGEST),
  organizationDeactivated: () =>
    report({
      organization: organization({
        certificates: 1,
        due: { deactivated: [ref("o1", NOW_S - 2 * DAY)] },
      }),
    }),
  organizationPlanned: () =>
    report(
      {
        organization: organization({
          certificates: 1,
          due: { planned: [ref("o1", NOW_S - 2 * DAY)] },
        }),
      },
      { dryRun: true, deactivateOrganization: true },
    ),
  organizationLeftActive: () =>
    report({
      organization: organization({
        certificates: 1,
        validLeft: 1,
        due: { leftActive: [ref("o1", NOW_S + 6 * HOUR)] },
      }),
    }),
  organizationFailed: () =>
    report(
      {
        organization: organization({
          certificates: 1,
          due: {
            failures: [
              {
                stage: "deactivate",
                reason: "error",
                requestId: null,
                error: "500 server error",
                certificates: [ref("o1", NOW_S - 2 * DAY)],
              },
            ],
          },
        }),
      },
      { deactivateOrganization: true },
    ),
} satisfies Record<string, () => Report>;

const defaultOf = (input: PublishCommandInput): unknown => {
  const message = JSON.parse(input.Message ?? "") as { default: string; email: string };
  return JSON.parse(message.default);
};
const emailOf = (input: PublishCommandInput): string =>
  (JSON.parse(input.Message ?? "") as { default: string; email: string }).email;

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
      projects: [project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validLeft: 1 })],
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
            validLeft: 0,
          }),
        ],
      });
    expect(flags(failedOn(NOW_S + HOUR))).toEqual([["proj_a", false]]);
    // An expired certificate still active is no use to the project.
    expect(flags(failedOn(NOW_S - HOUR))).toEqual([["proj_a", true]]);
  });

  it("does not flag a project when a valid certificate is active at the organization level", () => {
    const r = report({
      organization: organization({ certificates: 1, validLeft: 1 }),
      projects: [project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validLeft: 0 })],
    });
    expect(flags(r)).toEqual([["proj_a", false]]);
  });

  it("flags, in a dry run, the projects the planned deactivations would leave without one", () => {
    expect(flags(SCENARIOS.lastCertificateWouldBeDeactivated())).toEqual([["proj_a", true]]);
    const withOrganization = (orgPlanned: CertificateRef[]) =>
      report(
        {
          // The organization-level certificate is active and unexpired, so counted as valid.
          organization: organization({
            certificates: 1,
            validLeft: 1,
            due: { planned: orgPlanned },
          }),
          projects: [project("proj_a", { planned: [ref("c1", NOW_S - DAY)], validLeft: 0 })],
        },
        { dryRun: true, deactivateOrganization: true },
      );
    expect(flags(withOrganization([]))).toEqual([["proj_a", false]]);
    // ...unless the dry run would deactivate that one too.
    expect(flags(withOrganization([ref("o1", NOW_S + HOUR)]))).toEqual([["proj_a", true]]);
  });

  it("does not flag a project whose deactivations were not confirmed, as nothing changed", () => {
    const r = report({
      projects: [project("proj_a", { planned: [ref("c1", NOW_S - DAY)], validLeft: 0 })],
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
        project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validLeft: 0 }),
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
          validLeft: 0,
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
      projects: [project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validLeft: 0 })],
    });
    const s = subject(r);
    expect(s.endsWith("...")).toBe(true);
    expect(
      s.startsWith("OpenAI cert sweep: CRITICAL: 1 project left without a valid certificate;"),
    ).toBe(true);
  });
});

describe("snsMessages", () => {
  it("makes one JSON-structured message for a normal report", () => {
    const r = OUTCOME_REPORTS.deactivated();
    const messages = snsMessages(r, TOPIC);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    if (!message) throw new Error("no message");
    expect(message.TopicArn).toBe(TOPIC);
    expect(message.MessageStructure).toBe("json");
    expect(defaultOf(message)).toEqual(r);
    expect(emailOf(message)).toBe(renderText(r));
    // The JSON report goes once, as `default`, which SQS, Lambda, HTTPS and email-json
    // subscribers get; the text once, for email. Nothing is repeated per protocol.
    const bodies = JSON.parse(message.Message ?? "") as Record<string, string>;
    expect(Object.keys(bodies).sort()).toEqual(["default", "email"]);
    expect(message.Subject).toBe("OpenAI cert sweep: Deactivated 1 certificate in 1 project");
    expect(messageBytes(message)).toBeLessThanOrEqual(SNS_MESSAGE_MAX_BYTES);
  });

  it("sets message attributes for subscription filters", () => {
    const r = report({
      projects: [
        project("proj_a", {
          deactivated: [ref("c1", NOW_S), ref("c2", NOW_S), ref("c3", NOW_S)],
          failures: [
            {
              stage: "deactivate",
              reason: "error",
              requestId: null,
              error: "500",
              certificates: [ref("c4", NOW_S)],
            },
          ],
          warnings: [{ ...ref("w", NOW_S + DAY * 2), days_left: 2 }],
        }),
        // The same certificate about to expire in a second project counts once.
        project("proj_b", { warnings: [{ ...ref("w", NOW_S + DAY * 2), days_left: 2 }] }),
      ],
      organization: {
        ...emptyResult(EVALUATED_AT_MS).organization,
        certificates: 9,
        // Uploaded but active in no scanned project: not a warning once projects were scanned.
        expiringSoon: [
          { ...ref("w", NOW_S + DAY * 2), days_left: 2 },
          { ...ref("idle", NOW_S + DAY * 3), days_left: 3 },
        ],
        unknownExpiry: [],
      },
    });
    const [message] = snsMessages(r, TOPIC);
    expect(message?.MessageAttributes).toEqual({
      outcome: { DataType: "String", StringValue: "failed" },
      severity: { DataType: "String", StringValue: "critical" },
      dry_run: { DataType: "String", StringValue: "false" },
      run_id: { DataType: "String", StringValue: "run-0001" },
      deactivated_count: { DataType: "Number", StringValue: "3" },
      planned_count: { DataType: "Number", StringValue: "0" },
      failed_count: { DataType: "Number", StringValue: "1" },
      warning_count: { DataType: "Number", StringValue: "1" },
      // proj_b has only an old warning: w crossed its 3-day tier at the previous run's slot.
      project_ids: { DataType: "String.Array", StringValue: '["proj_a"]' },
    });
  });

  it("keeps non-ASCII names intact in the message and out of the Subject", () => {
    const r = report({
      projects: [
        project("proj_z", {
          name: "Zürich ✓ 東京",
          deactivated: [ref("c1", NOW_S, "Ünïcødé cert 🔐")],
        }),
      ],
    });
    const [message] = snsMessages(r, TOPIC);
    if (!message) throw new Error("no message");
    expect(message.Subject).toMatch(/^[\x20-\x7e]{1,100}$/);
    expect(emailOf(message)).toContain("Zürich ✓ 東京");
    expect(emailOf(message)).toContain("Ünïcødé cert 🔐");
    expect(defaultOf(message)).toEqual(r);
  });

  it("keeps every Subject to at most 99 printable ASCII characters", () => {
    const many = Array.from({ length: 123_456 }, (_, i) => ({
      id: `proj_${i}`,
      name: null,
      reason: "time_budget" as const,
    }));
    const long = buildReport(
      result({
        notScanned: many,
        runErrors: Array.from({ length: 1_000 }, () => ({
          stage: "internal" as const,
          error: "x",
          requestId: null,
        })),
      }),
      FACTS,
    );
    const reports = [
      long,
      { ...long, part: { index: 12, count: 345 } },
      ...Object.values(OUTCOME_REPORTS).map((make) => make()),
    ];
    for (const r of reports) {
      const s = subject(r);
      expect(s, s).toMatch(/^[\x20-\x7e]{1,99}$/);
    }
    // SNS takes a Subject of fewer than 100 characters: 100 is refused.
    expect(subject(long).length).toBe(99);
    expect(subject(long).endsWith("...")).toBe(true);
    expect(
      subject({ ...long, part: { index: 12, count: 345 } }).endsWith("... (part 12 of 345)"),
    ).toBe(true);
  });

  it("splits a large report into parts that each fit, validate and carry every project once", () => {
    const projects = Array.from({ length: 80 }, (_, i) =>
      project(`proj_${String(i).padStart(3, "0")}`, {
        deactivated: Array.from({ length: 4 }, (_, j) =>
          ref(`cert_${i}_${j}`, NOW_S - j * DAY, `certificate ${"x".repeat(60)} ${i}/${j}`),
        ),
        warnings: [{ ...ref(`warn_${i}`, NOW_S + 4 * DAY), days_left: 4 }],
      }),
    );
    const notScanned = Array.from({ length: 10 }, (_, i) => ({
      id: `proj_late_${i}`,
      name: null,
      reason: "time_budget" as const,
    }));
    const r = report({ projects, notScanned });
    const maxBytes = 20_000;
    const messages = snsMessages(r, TOPIC, maxBytes);

    expect(messages.length).toBeGreaterThan(1);
    const parts = messages.map((m) => v.parse(ReportSchema, defaultOf(m)));
    messages.forEach((message, i) => {
      expect(messageBytes(message), `part ${i + 1}`).toBeLessThanOrEqual(maxBytes);
      expect(parts[i]?.part).toEqual({ index: i + 1, count: messages.length });
      expect(parts[i]?.counts).toEqual(r.counts);
      expect(parts[i]?.outcome).toBe(r.outcome);
      expect(message.Subject).toContain(`(part ${i + 1} of ${messages.length})`);
      expect(emailOf(message)).toContain(`(part ${i + 1} of ${messages.length})`);
    });
    const projectIds = parts.flatMap((p) => p.projects.map((x) => x.id));
    expect(projectIds).toEqual(r.projects.map((p) => p.id));
    const notScannedIds = parts.flatMap((p) => p.projects_not_scanned.map((x) => x.id));
    expect(notScannedIds).toEqual(notScanned.map((p) => p.id));
  });

  it("refuses a size limit that one entry cannot fit in", () => {
    const r = OUTCOME_REPORTS.deactivated();
    expect(() => snsMessages(r, TOPIC, 500)).toThrow(RangeError);
  });
});

describe("snsMessages attributes", () => {
  const attributesOf = (r: Report) => {
    const [message] = snsMessages(r, TOPIC);
    if (!message?.MessageAttributes) throw new Error("no attributes");
    return message.MessageAttributes;
  };
  const projectIdsOf = (r: Report): unknown => {
    const value = attributesOf(r).project_ids?.StringValue;
    return value === undefined ? undefined : JSON.parse(value);
  };
  /** One project of each kind: only the first four have news for their owners. */
  const mixed = (facts: Partial<RunFacts> = {}) =>
    report(
      {
        projects: [
          project("proj_dead", { deactivated: [ref("c1", NOW_S - DAY)] }),
          project("proj_plan", { planned: [ref("c2", NOW_S - DAY)] }),
          project("proj_fail", {
            failures: [
              { stage: "list", reason: "error", requestId: null, error: "503", certificates: [] },
            ],
          }),
          project("proj_new", { warnings: [warning("c_new", NEW_7D)] }),
          project("proj_old", { warnings: [warning("c_old", OLD_3D)] }),
          project("proj_unknown", { unknownExpiry: [ref("c_unknown", undefined)] }),
        ],
      },
      facts,
    );

  it("never sets more than 10 attributes (SQS raw delivery drops messages with more)", () => {
    const reports = [
      mixed(),
      mixed(DIGEST),
      ...Object.values(OUTCOME_REPORTS).map((make) => make()),
      ...Object.values(SCENARIOS).map((make) => make()),
    ];
    for (const r of reports) {
      expect(Object.keys(attributesOf(r)).length).toBeLessThanOrEqual(10);
    }
    expect(attributesOf(mixed())).toHaveProperty("project_ids");
  });

  it("carries the severity", () => {
    expect(attributesOf(SCENARIOS.lastCertificateDeactivated()).severity).toEqual({
      DataType: "String",
      StringValue: "critical",
    });
    expect(attributesOf(SCENARIOS.announcedWarning()).severity?.StringValue).toBe("warning");
    expect(attributesOf(SCENARIOS.oldWarning()).severity?.StringValue).toBe("info");
  });

  it("names in project_ids only the projects the message says something new about", () => {
    expect(attributesOf(mixed()).project_ids).toEqual({
      DataType: "String.Array",
      StringValue: JSON.stringify(["proj_dead", "proj_plan", "proj_fail", "proj_new"]),
    });
  });

  it("names in the digest every project with a warning", () => {
    expect(projectIdsOf(mixed(DIGEST))).toEqual([
      "proj_dead",
      "proj_plan",
      "proj_fail",
      "proj_new",
      "proj_old",
    ]);
  });

  it("leaves project_ids out when no project has news", () => {
    expect(attributesOf(SCENARIOS.oldWarning())).not.toHaveProperty("project_ids");
    expect(attributesOf(OUTCOME_REPORTS.nothing_to_do())).not.toHaveProperty("project_ids");
    expect(attributesOf(SCENARIOS.organizationDeactivated())).not.toHaveProperty("project_ids");
  });

  it("counts organization-level certificates in deactivated_count and planned_count", () => {
    expect(attributesOf(SCENARIOS.organizationDeactivated()).deactivated_count).toEqual({
      DataType: "Number",
      StringValue: "1",
    });
    expect(attributesOf(SCENARIOS.organizationPlanned()).planned_count).toEqual({
      DataType: "Number",
      StringValue: "1",
    });
  });

  it("carries in each part of a split report only that part's project ids", () => {
    // Every third project has only an old warning: in no part's project_ids.
    const projects = Array.from({ length: 45 }, (_, i) => {
      const n = String(i).padStart(3, "0");
      const name = `project ${"x".repeat(80)} ${i}`;
      return i % 3 === 0
        ? project(`proj_old_${n}`, { name, warnings: [warning(`old_${i}`, OLD_3D)] })
        : project(`proj_hit_${n}`, {
            name,
            deactivated: [ref(`cert_${i}`, NOW_S - DAY, `certificate ${"x".repeat(80)} ${i}`)],
          });
    });
    const messages = snsMessages(report({ projects }), TOPIC, 12_000);
    expect(messages.length).toBeGreaterThan(2);
    const named = messages.flatMap((message) => {
      const part = v.parse(ReportSchema, defaultOf(message));
      const expected = part.projects.map((p) => p.id).filter((id) => id.startsWith("proj_hit_"));
      expect(message.MessageAttributes?.project_ids).toEqual(
        expected.length === 0
          ? undefined
          : { DataType: "String.Array", StringValue: JSON.stringify(expected) },
      );
      return expected;
    });
    expect(named).toEqual(projects.map((p) => p.id).filter((id) => id.startsWith("proj_hit_")));
  });
});

describe("shouldPublish", () => {
  it.each(OUTCOMES)("publishes a %s run when NOTIFY_ON is always", (outcome) => {
    expect(shouldPublish(OUTCOME_REPORTS[outcome](), "always")).toBe(true);
  });

  it.each(OUTCOMES.filter((o) => o !== "nothing_to_do"))(
    "publishes a %s run when NOTIFY_ON is changes",
    (outcome) => {
      expect(shouldPublish(OUTCOME_REPORTS[outcome](), "changes")).toBe(true);
    },
  );

  it("stays quiet about a nothing_to_do run when NOTIFY_ON is changes", () => {
    expect(shouldPublish(OUTCOME_REPORTS.nothing_to_do(), "changes")).toBe(false);
  });
  it("stays quiet about warnings announced in earlier runs when NOTIFY_ON is changes", () => {
    expect(shouldPublish(SCENARIOS.oldWarning(), "changes")).toBe(false);
    expect(shouldPublish(SCENARIOS.oldWarning(), "always")).toBe(true);
  });

  it.each([
    ["a newly crossed warning tier", SCENARIOS.announcedWarning],
    ["the weekly digest", SCENARIOS.digest],
    [
      "an expiring certificate left active at the organization level",
      SCENARIOS.organizationLeftActive,
    ],
  ])("publishes %s when NOTIFY_ON is changes", (_, make) => {
    expect(shouldPublish(make(), "changes")).toBe(true);
  });
});

describe("publishAll", () => {
  const inputs = (n: number): PublishCommandInput[] =>
    Array.from({ length: n }, (_, i) => ({ TopicArn: TOPIC, Message: `part ${i + 1}` }));

  it("sends every part in order", async () => {
    const sent: (string | undefined)[] = [];
    await publishAll(inputs(3), async (input) => {
      sent.push(input.Message);
    });
    expect(sent).toEqual(["part 1", "part 2", "part 3"]);
  });

  it("stops at a failed part and throws a PublishError naming it, without key material", async () => {
    const sent: (string | undefined)[] = [];
    const failure = Object.assign(new Error("denied for Bearer sk-admin-leaked-123456"), {
      name: "AuthorizationErrorException",
    });
    const error = await publishAll(inputs(3), async (input) => {
      if (input.Message === "part 2") throw failure;
      sent.push(input.Message);
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PublishError);
    const message = (error as PublishError).message;
    expect(message).toContain("part 2 of 3");
    expect(message).toContain("AuthorizationErrorException");
    expect(message).not.toContain("sk-admin-leaked");
    expect(sent).toEqual(["part 1"]);
    // One part had gone out before the failure: the run's summary counts it.
    expect((error as PublishError).sent).toBe(1);
  });

  it("does nothing for no parts", async () => {
    let calls = 0;
    await publishAll([], async () => {
      calls++;
    });
    expect(calls).toBe(0);
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
      projects: [project("proj_a", { deactivated: plan.deactivate, validLeft: plan.validLeft })],
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
  const dryRunAtOrganization = (validAt: number) =>
    report(
      {
        organization: summarizeOrganization(organizationListing(validAt), NOW_S, {
          policy: POLICY,
          deactivateOrganization: true,
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
