import { type NoticeSettings, noticeAt } from "../../lib/notify/notice.js";
import type { RunFacts } from "../../lib/report/build.js";
import type { Enforcement } from "../../lib/sweep/options.js";
import { emptyOutcome } from "../../lib/sweep/outcome.js";
import type { ProjectOutcome } from "../../lib/sweep/result.js";
import type { ExpiryPolicy } from "../../lib/sweep/select.js";

/** The default warning tiers and a daily schedule without a digest. */
export const DAILY_NOTICE: NoticeSettings = {
  tiersDays: [14, 7, 3],
  periodHours: 24,
  digestWeekday: undefined,
};

/** Changes to a run's facts, the policy's and enforcement's settings named one by one. */
export type FactsChanges = Partial<Omit<RunFacts, "policy" | "enforcement">> &
  Partial<ExpiryPolicy> &
  Partial<Enforcement>;

/** `base` with `changes` applied. */
export function changeFacts(base: RunFacts, changes: FactsChanges = {}): RunFacts {
  const { deactivateWithinDays, warnWithinDays, dryRun, maxDeactivationsPerRun, ...rest } = changes;
  const { deactivateOrganization, ...own } = rest;
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined));
  return {
    ...base,
    ...own,
    policy: { ...base.policy, ...defined({ deactivateWithinDays, warnWithinDays }) },
    enforcement: {
      ...base.enforcement,
      ...defined({ dryRun, maxDeactivationsPerRun, deactivateOrganization }),
    },
  };
}

/** A run's facts with the default policy, for a run whose slot is `atSeconds`. */
export function runFacts(atSeconds: number, changes: FactsChanges = {}): RunFacts {
  const noticeSettings = changes.noticeSettings ?? DAILY_NOTICE;
  const base: RunFacts = {
    runId: "run-0001",
    policy: { deactivateWithinDays: 1, warnWithinDays: 14 },
    enforcement: {
      dryRun: false,
      maxDeactivationsPerRun: 20,
      deactivateOrganization: false,
      protectLastValid: true,
      activateReplacements: false,
    },
    noticeSettings,
    notice: noticeAt(noticeSettings, atSeconds),
  };
  return changeFacts(base, changes);
}

/** A scanned project's outcome named `Project <id>`, with one valid certificate left unless told. */
export const projectOutcome = (
  id: string,
  parts: Partial<ProjectOutcome> = {},
): ProjectOutcome => ({
  ...emptyOutcome({ id, name: `Project ${id}` }),
  validKept: 1,
  ...parts,
});
