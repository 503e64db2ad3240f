import * as v from "valibot";

// The invocation payload is untrusted: a scheduled event, a manual test event, or anything else.
const EventSchema = v.looseObject({
  // An odd id is ignored, not fatal: it must never cost the rest of the payload (dry_run).
  id: v.fallback(v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:-]{1,128}$/))), undefined),
  dry_run: v.optional(v.unknown()),
});

export interface Invocation {
  runId: string;
  /** True when the payload asked for a dry run (`{"dry_run": true}`). */
  forceDryRun: boolean;
}

/**
 * Reads an invocation payload. The run id is the scheduled event's id, so that a duplicate
 * delivery of one event produces reports subscribers can recognise as the same run; otherwise it
 * is derived from the Lambda request id. A payload can turn a dry run on, never off, so that an
 * operator can safely invoke the deployed function to see what it would do.
 */
export function parseInvocation(event: unknown, awsRequestId: string): Invocation {
  const parsed = v.safeParse(EventSchema, event);
  const id = parsed.success ? parsed.output.id : undefined;
  return {
    runId: id ?? `manual-${awsRequestId}`,
    forceDryRun: parsed.success && parsed.output.dry_run === true,
  };
}
