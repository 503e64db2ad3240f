import { type NoticeSettings, noticeAt } from "../../lib/notify/notice.js";
import type { RunFacts } from "../../lib/report/build.js";
import { emptyOutcome, type ProjectOutcome } from "../../lib/sweep/result.js";

/** The default warning tiers and a daily schedule without a digest. */
export const DAILY_NOTICE: NoticeSettings = {
  tiersDays: [14, 7, 3],
  periodHours: 24,
  digestWeekday: undefined,
};

/** A run's facts with the default policy, for a run whose slot is `atSeconds`. */
export function runFacts(atSeconds: number, facts: Partial<RunFacts> = {}): RunFacts {
  const noticeSettings = facts.noticeSettings ?? DAILY_NOTICE;
  return {
    runId: "run-0001",
    dryRun: false,
    deactivateWithinDays: 1,
    warnWithinDays: 14,
    maxDeactivationsPerRun: 20,
    deactivateOrganization: false,
    noticeSettings,
    notice: noticeAt(noticeSettings, atSeconds),
    ...facts,
  };
}

/** A scanned project's outcome named `Project <id>`, with one valid certificate left unless told. */
export const projectOutcome = (
  id: string,
  parts: Partial<ProjectOutcome> = {},
): ProjectOutcome => ({
  ...emptyOutcome({ id, name: `Project ${id}` }),
  validLeft: 1,
  ...parts,
});
