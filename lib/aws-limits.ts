// The limits AWS documents for what we send, in one place: a leaf module (no project or SDK
// imports), so that the report code and the test endpoint hold to the same numbers.

// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html: a Subject has "no line breaks or
// control characters" and is "less than 100 characters long". That page says UTF-8 text, but SNS
// wants printable ASCII (U+0020-U+007E): "Subject is not ASCII" is one of its rules in
// https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-alertmanager-receiver-validation-truncation.html
export const SNS_SUBJECT_MAX_CHARS = 99;
export const SNS_SUBJECT_PATTERN = new RegExp(`^[\\x20-\\x7e]{1,${SNS_SUBJECT_MAX_CHARS}}$`);
// API_Publish.html: 262,144 bytes, not characters, and (API_MessageAttributeValue.html) every
// attribute's name, type and value count towards it.
export const SNS_MESSAGE_MAX_BYTES = 262_144;

// https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
// Publish takes more than 10, but SQS subscriptions with raw message delivery discard a message
// that carries more, so more are refused here.
export const SNS_MAX_MESSAGE_ATTRIBUTES = 10;
// Names: at most 256 characters (their pattern is in sns-attribute-limits.ts).
export const SNS_ATTRIBUTE_NAME_MAX_CHARS = 256;
// Types: String, String.Array, Number or Binary, at most 256 bytes. A custom label after a period
// (Number.int, String.json) keeps the base type; that is documented for SQS, in
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html,
// and SNS takes it too: its refusal names Binary, Number and String as the "type prefixes".
export const SNS_ATTRIBUTE_TYPE_MAX_BYTES = 256;
const SNS_ATTRIBUTE_TYPE_PATTERN = /^(String|Number|Binary)(?:\..+)?$/s;
// Number: "a value from -10^9 to 10^9, with 5 digits of accuracy after the decimal point". The
// accuracy is how SNS compares numbers, not a reason to refuse one, so only the range is checked.
export const SNS_NUMBER_MAX_MAGNITUDE = 1_000_000_000;

// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html and
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html:
// CloudWatch Logs takes events of up to 1 MB since April 2025, but 256 KB was its limit before
// and is still that of common log forwarders, so one log event stays within 256 KB.
export const LOG_EVENT_MAX_BYTES = 262_144;
// PutLogEvents counts each event as its UTF-8 message plus 26 bytes.
export const LOG_EVENT_OVERHEAD_BYTES = 26;

/** One message attribute as sent: `value` is the StringValue, or for Binary the base64 text. */
export interface SnsAttribute {
  dataType: string;
  value: string;
}
export type SnsAttributes = Readonly<Record<string, SnsAttribute>>;

const encoder = new TextEncoder();

/** UTF-8 length of a string, the unit of AWS's byte limits. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** Why SNS refuses this Subject, or undefined if it takes it. */
export function snsSubjectProblem(subject: string): string | undefined {
  return SNS_SUBJECT_PATTERN.test(subject)
    ? undefined
    : `Subject must be 1 to ${SNS_SUBJECT_MAX_CHARS} printable ASCII characters, no line breaks`;
}

/** "String", "Number" or "Binary" for a data type SNS takes, else undefined. */
export function snsAttributeBaseType(dataType: string): "String" | "Number" | "Binary" | undefined {
  const base = SNS_ATTRIBUTE_TYPE_PATTERN.exec(dataType)?.[1];
  return base === "String" || base === "Number" || base === "Binary" ? base : undefined;
}

/** Bytes SNS counts for a message: the body plus each attribute's name, type and value. */
export function snsMessageBytes(message: string, attributes: SnsAttributes): number {
  let bytes = utf8Bytes(message);
  for (const [name, { dataType, value }] of Object.entries(attributes)) {
    // A Binary value counts as the bytes it carries, not as its base64 text.
    const isBinary = snsAttributeBaseType(dataType) === "Binary";
    bytes +=
      utf8Bytes(name) + utf8Bytes(dataType) + (isBinary ? base64Bytes(value) : utf8Bytes(value));
  }
  return bytes;
}

/** Why SNS refuses this message body with these attributes, or undefined if it takes it. */
export function snsMessageProblem(message: string, attributes: SnsAttributes): string | undefined {
  if (message === "") return "Empty message";
  const bytes = snsMessageBytes(message, attributes);
  return bytes > SNS_MESSAGE_MAX_BYTES
    ? `Message too long: ${bytes} bytes with attributes, over ${SNS_MESSAGE_MAX_BYTES}`
    : undefined;
}

function base64Bytes(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}
