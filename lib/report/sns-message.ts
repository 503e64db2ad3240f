import type { MessageAttributeValue, PublishCommandInput } from "@aws-sdk/client-sns";
import type { Report } from "./schema.js";
import { headline, renderText } from "./text.js";

/** SNS's limit for one message, message attributes included. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;
const SUBJECT_MAX = 100;

/**
 * The SNS Publish requests for a report: normally one; more only when it would exceed SNS's size
 * limit, in which case the per-project entries are spread over parts that each repeat the header.
 * With MessageStructure "json" each protocol gets its own body: the versioned JSON report for
 * machine subscribers, readable text for email. (`default` also covers any protocol not named.)
 */
export function snsMessages(
  report: Report,
  topicArn: string,
  maxBytes = SNS_MAX_MESSAGE_BYTES,
): PublishCommandInput[] {
  const parts = split(report, maxBytes);
  return parts.map((part, i) =>
    publishInput({ ...part, part: { index: i + 1, count: parts.length } }, topicArn),
  );
}

function publishInput(report: Report, topicArn: string): PublishCommandInput {
  return {
    TopicArn: topicArn,
    MessageStructure: "json",
    Message: JSON.stringify(envelope(report)),
    Subject: subject(report),
    MessageAttributes: attributes(report),
  };
}

function envelope(report: Report): Record<string, string> {
  const json = JSON.stringify(report);
  return { default: json, sqs: json, lambda: json, https: json, email: renderText(report) };
}

/** A short ASCII Subject (SNS: at most 100 printable characters, no line breaks). */
export function subject(report: Report): string {
  const part = report.part.count > 1 ? ` (part ${report.part.index} of ${report.part.count})` : "";
  const text = `OpenAI cert sweep: ${headline(report)}`.replace(/[^\x20-\x7e]/g, "?");
  const room = SUBJECT_MAX - part.length;
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
  const projectIds = report.projects.filter((p) => isNotable(p, report.digest)).map((p) => p.id);
  return {
    outcome: str(report.outcome),
    severity: str(report.severity),
    dry_run: str(String(report.dry_run)),
    run_id: str(report.run_id),
    deactivated_count: num(
      report.counts.certificates_deactivated + report.counts.organization_certificates_deactivated,
    ),
    planned_count: num(
      report.counts.certificates_planned + report.counts.organization_certificates_planned,
    ),
    failed_count: num(
      report.counts.certificates_failed + report.counts.organization_certificates_failed,
    ),
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
    p.deactivated.length + p.planned.length + p.failures.length > 0 ||
    p.warnings.some((w) => digest || w.tier_days !== null)
  );
}

/** Bytes SNS counts for a request: the message plus attribute names, types and values. */
export function messageBytes(input: PublishCommandInput): number {
  const attributeBytes = Object.entries(input.MessageAttributes ?? {}).reduce(
    (n, [name, a]) =>
      n +
      Buffer.byteLength(name) +
      Buffer.byteLength(a.DataType ?? "") +
      Buffer.byteLength(a.StringValue ?? ""),
    0,
  );
  return (
    Buffer.byteLength(input.Message ?? "") + Buffer.byteLength(input.Subject ?? "") + attributeBytes
  );
}

type Item =
  | { project: Report["projects"][number] }
  | { notScanned: Report["projects_not_scanned"][number] };

// Halve the list of entries until each part fits; a report rarely needs more than one message.
function split(report: Report, maxBytes: number): Report[] {
  const items: Item[] = [
    ...report.projects.map((project) => ({ project })),
    ...report.projects_not_scanned.map((notScanned) => ({ notScanned })),
  ];
  const withItems = (subset: Item[]): Report => ({
    ...report,
    projects: subset.flatMap((i) => ("project" in i ? [i.project] : [])),
    projects_not_scanned: subset.flatMap((i) => ("notScanned" in i ? [i.notScanned] : [])),
    // Measured with the widest part label, so renumbering later never makes a part grow.
    part: { index: 99_999, count: 99_999 },
  });
  const fits = (r: Report) => messageBytes(publishInput(r, "")) <= maxBytes;
  const go = (subset: Item[]): Report[] => {
    const candidate = withItems(subset);
    if (fits(candidate)) return [candidate];
    if (subset.length <= 1) {
      throw new RangeError(
        `a report part does not fit in ${maxBytes} bytes even with a single entry`,
      );
    }
    const middle = Math.ceil(subset.length / 2);
    return [...go(subset.slice(0, middle)), ...go(subset.slice(middle))];
  };
  return go(items);
}
