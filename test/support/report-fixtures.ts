// Reports and results the report tests build on: fixed instants, scenarios and readers of SNS
// messages (test/unit/report/).
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { buildReport, type RunFacts } from "../../lib/report/build.js";
import type { Report } from "../../lib/report/schema.js";
import { emptyResult, type OrganizationDue, type SweepResult } from "../../lib/sweep/result.js";
import type { CertificateRef, Warning } from "../../lib/sweep/select.js";
import { changeFacts, DAILY_NOTICE, type FactsChanges, projectOutcome, runFacts } from "./facts.js";

export const DAY = 86_400;
export const HOUR = 3_600;
export const EVALUATED_AT_MS = Date.parse("2025-03-01T12:00:00.000Z");
export const NOW_S = EVALUATED_AT_MS / 1000;
export const TOPIC = "arn:aws:sns:eu-west-1:123456789012:cert-sweeper";

export const FACTS: RunFacts = runFacts(NOW_S);

export const ref = (
  id: string,
  expiresAt: number | undefined,
  name: string | null = `cert ${id}`,
): CertificateRef => ({
  id,
  name,
  expires_at: expiresAt,
});

export const project = projectOutcome;

export const result = (parts: Partial<SweepResult> = {}): SweepResult => ({
  ...emptyResult(EVALUATED_AT_MS),
  projectScan: "done",
  ...parts,
});

export const report = (parts: Partial<SweepResult> = {}, facts: FactsChanges = {}) =>
  buildReport(result(parts), changeFacts(FACTS, facts));

/** A report of each outcome, built from results that lead to it. */
export const OUTCOME_REPORTS: Record<Report["outcome"], () => Report> = {
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
export const NEW_7D = NOW_S + 7 * DAY - HOUR;
/** Crosses its 3-day tier an hour after the slot: the next run announces it (3 days left). */
export const OLD_3D = NOW_S + 3 * DAY + HOUR;

export const warning = (id: string, expiresAt: number): Warning => ({
  ...ref(id, expiresAt),
  days_left: Math.floor((expiresAt - NOW_S) / DAY),
});

export const organization = (
  parts: Omit<Partial<SweepResult["organization"]>, "due"> & { due?: Partial<OrganizationDue> },
): SweepResult["organization"] => {
  const empty = emptyResult(EVALUATED_AT_MS).organization;
  return { ...empty, ...parts, due: { ...empty.due, ...parts.due } };
};

/** 2025-03-01 (NOW_S) is a Saturday: with a Saturday digest, the run at NOW_S is the digest. */
export const DIGEST: RunFacts = runFacts(NOW_S, {
  noticeSettings: { ...DAILY_NOTICE, digestWeekday: 6 },
});

/** Reports of the situations the notification features are about. */
export const SCENARIOS = {
  lastCertificateDeactivated: () =>
    report({
      projects: [project("proj_a", { deactivated: [ref("c1", NOW_S - DAY)], validKept: 0 })],
    }),
  lastCertificateWouldBeDeactivated: () =>
    report(
      { projects: [project("proj_a", { planned: [ref("c1", NOW_S - DAY)], validKept: 0 })] },
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
        validKept: 1,
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

export const defaultOf = (input: PublishCommandInput): unknown => {
  const message = JSON.parse(input.Message ?? "") as { default: string; email: string };
  return JSON.parse(message.default);
};
export const emailOf = (input: PublishCommandInput): string =>
  (JSON.parse(input.Message ?? "") as { default: string; email: string }).email;
