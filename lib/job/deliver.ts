// Delivering a run's report to SNS by NOTIFY_ON, within what is left of the run.

import { signalAt } from "../deadline.js";
import { PublishError } from "../errors.js";
import { describeError } from "../openai/describe-error.js";
import { type NotifyOn, publishAll, shouldPublish } from "../report/publish.js";
import type { Report } from "../report/schema.js";
import { snsMessages } from "../report/sns-message.js";
import type { JobDeps } from "./deps.js";

// Kept back from the publish deadline so that the log line and the thrown error still happen.
const LAST_WORDS_MS = 1_000;

export interface Delivery {
  /** SNS messages sent. */
  sent: number;
  /** Why publishing failed, when it did. */
  error?: string;
}

/** Publishes per NOTIFY_ON. Never throws: a failure, even building the messages, is returned. */
export async function deliver(
  report: Report,
  delivery: { snsTopicArn?: string | undefined; notifyOn: NotifyOn },
  deps: JobDeps,
): Promise<Delivery> {
  const { publish } = deps;
  const topic = delivery.snsTopicArn;
  if (!publish || !topic || !shouldPublish(report, delivery.notifyOn)) return { sent: 0 };
  const now = deps.now();
  const signal = signalAt(now + deps.remainingTimeMs() - LAST_WORDS_MS, now);
  try {
    return {
      sent: await publishAll(snsMessages(report, topic), (input) => publish(input, signal)),
    };
  } catch (error) {
    const sent = error instanceof PublishError ? error.sent : 0;
    return { sent, error: describeError(error) };
  }
}
