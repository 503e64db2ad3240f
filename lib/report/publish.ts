import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { causeOf, errorText, PublishError } from "../errors.js";
import { redact } from "../redact.js";
import { requestIdOf, withRequestId } from "../request-id.js";
import type { Report } from "./schema.js";

/** When a report is published (NOTIFY_ON). */
export type NotifyOn = "always" | "changes";

/**
 * `always` publishes every run (a heartbeat); `changes` only when there is something to act on or
 * to know: anything above `info` severity (a deactivation, a failure, a newly crossed warning tier,
 * the digest).
 */
export function shouldPublish(report: Report, notifyOn: NotifyOn): boolean {
  if (notifyOn === "always") return true;
  return report.severity !== "info";
}

/**
 * Sends each part in order and returns how many were sent. `publish` is one SNS Publish call; the
 * SNS client retries transient failures itself (its maxAttempts), so a failure here is final and
 * fails the run; the PublishError says how many parts had gone out.
 */
export async function publishAll(
  inputs: readonly PublishCommandInput[],
  publish: (input: PublishCommandInput) => Promise<unknown>,
): Promise<number> {
  for (const [i, input] of inputs.entries()) {
    try {
      await publish(input);
    } catch (error) {
      const reason = errorText(error);
      const failure = new PublishError(
        `publishing report part ${i + 1} of ${inputs.length} to SNS failed: ${redact(reason)}`,
        i,
        causeOf(error),
      );
      // The AWS request id goes along: it is what AWS support asks for.
      throw withRequestId(failure, requestIdOf(error)?.id, "aws");
    }
  }
  return inputs.length;
}
