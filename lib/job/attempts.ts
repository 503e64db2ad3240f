// The sweep of one run: read the key, sweep with it, and when the Admin API rejects it, read the
// secret once more (the key may have been rotated meanwhile) and sweep again with a new key,
// merging the two attempts into one result.
import type { Config } from "../config/index.js";
import { signalAt } from "../deadline.js";
import { mustScanForNotice } from "../notify/notice.js";
import { describeError, isAuthFailure } from "../openai/describe-error.js";
import { createRequestRunner, type RunnerStats } from "../openai/runner.js";
import { buildReport, type RunFacts } from "../report/build.js";
import type { Report } from "../report/schema.js";
import { requestIdOrNull } from "../request-id.js";
import { mergeAttempts } from "../sweep/merge-attempts.js";
import { emptyResult, type SweepResult } from "../sweep/result.js";
import { runSweep } from "../sweep/run-sweep.js";
import type { TimeBudget } from "../sweep/time-budget.js";
import type { JobDeps, JobRun } from "./deps.js";

export interface Attempted {
  result: SweepResult;
  /** The Admin API runner's figures; absent when no request was sent. */
  api?: RunnerStats;
}

interface RunContext {
  config: Config;
  deps: JobDeps;
  run: JobRun;
  started: number;
  budget: TimeBudget;
  facts: RunFacts;
}

/** Sweeps with the admin key, and once more with a rotated one if the first was rejected. */
export async function sweepWithKey(context: RunContext): Promise<Attempted> {
  const { deps, config } = context;
  const readKey = () => deps.adminKey.get(signalAt(context.budget.abortAt, deps.now()));
  let key: string;
  try {
    key = await readKey();
  } catch (error) {
    return { result: failedResult(context.started, "read admin key", error) };
  }
  const attempt = attemptWith(context);
  const cap = config.enforcement.maxDeactivationsPerRun;
  const first = await attempt(key, cap);
  if (!rejectedKey(first.result)) return first;
  // The key may have been rotated since it was read: read it again, once, before failing. A new
  // key sweeps again; the certificates the first attempt deactivated count against the cap.
  deps.adminKey.invalidate();
  let fresh: string;
  try {
    fresh = await readKey();
  } catch (error) {
    const runErrors = [...first.result.runErrors, runError("read admin key", error)];
    return { ...first, result: { ...first.result, runErrors } };
  }
  if (fresh === key) {
    deps.adminKey.invalidate(); // the same key, rejected: the next run reads the secret again
    return first;
  }
  const second = await attempt(fresh, cap - writesOf(first.result));
  // Still rejected: the next run reads the secret again.
  if (rejectedKey(second.result)) deps.adminKey.invalidate();
  return {
    result: mergeAttempts(first.result, second.result),
    api: sumStats(first.api, second.api),
  };
}

/** One sweep with a given key, under `cap`: the run's safety cap, less what an earlier attempt deactivated. */
function attemptWith({ config, deps, run, started, budget, facts }: RunContext) {
  const { policy, organization } = config;
  const { onProgress } = run;
  // Asked at most once per run: a second attempt (after a key rotation) carries out what the
  // operator already approved, evaluated at the same instant.
  let answer: Promise<boolean> | undefined;
  const ask = run.confirm;
  const confirm = ask && ((plan: Report) => (answer ??= ask(plan)));
  return async (key: string, cap: number): Promise<Attempted> => {
    const runner = createRequestRunner({
      ...deps,
      concurrency: organization.concurrency,
      abortAt: budget.abortAt,
    });
    try {
      const result = await runSweep(
        {
          policy,
          enforcement: { ...config.enforcement, maxDeactivationsPerRun: cap },
          concurrency: organization.concurrency,
          filter: config.filter,
          evaluatedAt: started,
          budget,
          scanAnyway: (certificates) =>
            mustScanForNotice(facts.notice, certificates, Math.floor(started / 1000), policy),
          ...(confirm
            ? {
                confirm: (plan) =>
                  confirm(
                    buildReport(plan, {
                      ...facts,
                      enforcement: { ...facts.enforcement, dryRun: true },
                    }),
                  ),
              }
            : {}),
          ...(onProgress ? { onProgress } : {}),
        },
        {
          api: deps.adminApi(key, runner.run),
          now: deps.now,
          describeError: (error) => describeError(error, [key]),
          isFatal: isAuthFailure,
        },
      );
      return { result, api: runner.stats() };
    } catch (error) {
      return { result: failedResult(started, "internal", error, [key]), api: runner.stats() };
    }
  };
}

type Stage = "read admin key" | "internal";

function runError(stage: Stage, error: unknown, secrets: string[] = []) {
  return { stage, error: describeError(error, secrets), requestId: requestIdOrNull(error) };
}

function failedResult(started: number, stage: Stage, error: unknown, secrets: string[] = []) {
  const result = emptyResult(started);
  result.runErrors.push(runError(stage, error, secrets));
  return result;
}

const rejectedKey = (result: SweepResult) =>
  result.runErrors.some((e) => e.stage === "authentication");

/** The writes an attempt made, which count against the run's cap: deactivations and activations. */
const writesOf = (result: SweepResult) =>
  result.projects.reduce((n, p) => n + p.deactivated.length + p.activated.length, 0) +
  result.organization.due.deactivated.length;

function sumStats(a: RunnerStats | undefined, b: RunnerStats | undefined): RunnerStats | undefined {
  if (!a || !b) return b ?? a;
  return {
    attempts: a.attempts + b.attempts,
    throttled: a.throttled + b.throttled,
    window: b.window,
  };
}
