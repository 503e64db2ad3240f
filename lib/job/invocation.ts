import * as v from "valibot";
import { InvocationError } from "../errors.js";

// The invocation payload is untrusted: a scheduled event, a manual test event, or anything else.
const EventSchema = v.looseObject({
  // An odd id is ignored, not fatal: it must never cost the rest of the payload (dry_run).
  id: v.fallback(v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:-]{1,128}$/))), undefined),
  dry_run: v.optional(v.unknown()),
  // EventBridge events carry their scheduled instant here.
  time: v.fallback(v.optional(v.string()), undefined),
});

// An instant in the form schedulers write it (2026-11-28T06:00:00Z); anything else is not a slot.
const SCHEDULED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

export interface Invocation {
  runId: string;
  /** True when the payload asked for a dry run (`{"dry_run": true}`). */
  forceDryRun: boolean;
  /**
   * The instant the scheduler meant this run for (Unix seconds): an EventBridge event's `time`,
   * or the Scheduler's id, which is its scheduled time. Undefined for a manual invocation.
   */
  scheduledAt: number | undefined;
}

/**
 * Reads an invocation payload. The run id is the scheduled event's id, so that a duplicate
 * delivery of one event produces reports subscribers can recognise as the same run; otherwise it
 * is derived from the Lambda request id. A payload can turn a dry run on, never off, so that an
 * operator can safely invoke the deployed function to see what it would do.
 */
export function parseInvocation(event: unknown, awsRequestId: string): Invocation {
  // No payload at all is a manual run with nothing asked.
  const payload = event ?? {};
  if (typeof payload !== "object" || Array.isArray(payload)) {
    throw new InvocationError(
      `the invocation payload must be a JSON object such as {} or {"dry_run": true}, not ${describe(payload)}`,
    );
  }
  const parsed = v.parse(EventSchema, payload);
  // A dry run asked for in a form that is not true or false must not become a real run.
  if (parsed.dry_run !== undefined && typeof parsed.dry_run !== "boolean") {
    throw new InvocationError(
      `dry_run must be true or false, not ${describe(parsed.dry_run)}; nothing was done`,
    );
  }
  return {
    runId: parsed.id ?? `manual-${awsRequestId}`,
    forceDryRun: parsed.dry_run === true,
    scheduledAt: instant(parsed.time) ?? instant(parsed.id),
  };
}

/** Unix seconds of a scheduler's instant, or undefined for anything else. */
function instant(text: string | undefined): number | undefined {
  if (text === undefined || !SCHEDULED_INSTANT.test(text)) return undefined;
  const ms = Date.parse(text);
  // Date.parse rolls an impossible date (February 30) over into the next month: refuse it.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 16) !== text.slice(0, 16)) {
    return undefined;
  }
  return Math.floor(ms / 1000);
}

/** A short, safe description of an unexpected value for an error message. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}
