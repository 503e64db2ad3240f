import * as v from "valibot";

// The invocation payload is untrusted: a scheduled event, a manual test event, or anything else.
const EventSchema = v.looseObject({
  id: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:-]{1,128}$/))),
});

/**
 * The run id: the scheduled event's id, so that a duplicate delivery of one event produces reports
 * subscribers can recognise as the same run; otherwise derived from the Lambda request id.
 */
export function runIdOf(event: unknown, awsRequestId: string): string {
  const parsed = v.safeParse(EventSchema, event);
  return parsed.success && parsed.output.id ? parsed.output.id : `manual-${awsRequestId}`;
}
