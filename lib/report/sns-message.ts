import type { MessageAttributeValue, PublishCommandInput } from "@aws-sdk/client-sns";
import {
  SNS_MESSAGE_MAX_BYTES,
  SNS_SUBJECT_MAX_CHARS,
  snsMessageBytes,
  utf8Bytes,
} from "../aws-limits.js";
import { headline } from "./headline.js";
import type { Report } from "./schema.js";
import { splitReport } from "./split.js";
import { renderText } from "./text.js";
import { totals } from "./totals.js";

/**
 * The SNS Publish requests for a report: normally one; more only when it would exceed SNS's size
 * limit, in which case the per-project entries are spread over parts that each repeat the header.
 * With MessageStructure "json" the versioned JSON report goes once, as `default` (every protocol
 * not named: SQS, Lambda, HTTPS, email-json, ...), and readable text once, as `email`.
 */
export function snsMessages(
  report: Report,
  topicArn: string,
  maxBytes = SNS_MESSAGE_MAX_BYTES,
): PublishCommandInput[] {
  const fits = (part: Report) => messageBytes(publishInput(part, topicArn)) <= maxBytes;
  return splitReport(report, fits).map((part) => publishInput(part, topicArn));
}

function publishInput(report: Report, topicArn: string): PublishCommandInput {
  return {
    TopicArn: topicArn,
    MessageStructure: "json",
    Message: JSON.stringify({ default: JSON.stringify(report), email: renderText(report) }),
    Subject: subject(report),
    MessageAttributes: attributes(report),
  };
}

/** A short ASCII Subject: SNS takes 1 to 99 printable ASCII characters, no line breaks. */
export function subject(report: Report): string {
  const part = report.part.count > 1 ? ` (part ${report.part.index} of ${report.part.count})` : "";
  const text = `OpenAI cert sweep: ${headline(report)}`.replace(/[^\x20-\x7e]/g, "?");
  const room = SNS_SUBJECT_MAX_CHARS - part.length;
  return (text.length > room ? `${text.slice(0, room - 3)}...` : text) + part;
}

/**
 * Attributes for subscription filter policies, e.g. {"severity": ["critical"]} or
 * {"project_ids": ["proj_abc"]}. At most 10: SQS subscriptions with raw delivery drop messages
 * that carry more.
 */
export function attributes(report: Report): Record<string, MessageAttributeValue> {
  const str = (value: string) => ({ DataType: "String", StringValue: value });
  const num = (value: number) => ({ DataType: "Number", StringValue: String(value) });
  const all = totals(report.counts);
  const projectIds = report.projects.filter((p) => isNotable(p, report.digest)).map((p) => p.id);
  return {
    outcome: str(report.outcome),
    severity: str(report.severity),
    dry_run: str(String(report.dry_run)),
    run_id: str(report.run_id),
    deactivated_count: num(all.deactivated),
    planned_count: num(all.planned),
    failed_count: num(all.failed),
    activated_count: num(report.counts.certificates_activated),
    warning_count: num(report.counts.warnings),
    // Absent rather than empty: a filter on project ids never matches a message about none.
    ...(projectIds.length > 0
      ? { project_ids: { DataType: "String.Array", StringValue: JSON.stringify(projectIds) } }
      : {}),
  };
}

/** A project this message tells its owners something new about (old warnings alone are not). */
function isNotable(p: Report["projects"][number], digest: boolean): boolean {
  return (
    p.deactivated.length +
      p.held_back.length +
      p.activated.length +
      p.planned.length +
      p.failures.length >
      0 || p.warnings.some((w) => digest || w.tier_days !== null)
  );
}

/**
 * Bytes SNS counts for a request (the message plus attribute names, types and values, as
 * lib/aws-limits.ts counts them), and the Subject too, as a margin.
 */
export function messageBytes(input: PublishCommandInput): number {
  const attributes = Object.fromEntries(
    Object.entries(input.MessageAttributes ?? {}).map(([name, a]) => [
      name,
      { dataType: a.DataType ?? "", value: a.StringValue ?? "" },
    ]),
  );
  return snsMessageBytes(input.Message ?? "", attributes) + utf8Bytes(input.Subject ?? "");
}
