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
// Names: A-Z a-z 0-9 _ - and periods, but none leading, trailing or successive.
export const SNS_ATTRIBUTE_NAME_MAX_CHARS = 256;
const SNS_ATTRIBUTE_NAME_PATTERN = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
// Reserved for AWS in any casing.
const SNS_RESERVED_ATTRIBUTE_NAME_PREFIX = /^(?:aws|amazon)\./i;
// Types: String, String.Array, Number or Binary, at most 256 bytes. A custom label after a period
// (Number.int, String.json) keeps the base type; that is documented for SQS, in
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html,
// and SNS takes it too: its refusal names Binary, Number and String as the "type prefixes".
export const SNS_ATTRIBUTE_TYPE_MAX_BYTES = 256;
const SNS_ATTRIBUTE_TYPE_PATTERN = /^(String|Number|Binary)(?:\..+)?$/s;
// Number: "a value from -10^9 to 10^9, with 5 digits of accuracy after the decimal point". The
// accuracy is how SNS compares numbers, not a reason to refuse one, so only the range is checked.
export const SNS_NUMBER_MAX_MAGNITUDE = 1_000_000_000;
const NUMBER_MAX_EXPONENT = String(SNS_NUMBER_MAX_MAGNITUDE).length - 1;

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

const NUMBER = /^[+-]?(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// sns-message-attributes.html: surrogates (an emoji, say) are refused in attribute values.
const SURROGATE = /[\uD800-\uDFFF]/;
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

/** Why SNS refuses this attribute (its name, type or value), or undefined if it takes it. */
export function snsAttributeProblem(name: string, attribute: SnsAttribute): string | undefined {
  const { dataType, value } = attribute;
  const about = (text: string) => `The message attribute '${name.slice(0, 40)}' ${text}`;
  if (name === "") return "A message attribute has no name";
  if (name.length > SNS_ATTRIBUTE_NAME_MAX_CHARS) {
    return about(`has a name over ${SNS_ATTRIBUTE_NAME_MAX_CHARS} characters`);
  }
  if (!SNS_ATTRIBUTE_NAME_PATTERN.test(name) || SNS_RESERVED_ATTRIBUTE_NAME_PREFIX.test(name)) {
    return about("has an invalid name: A-Z a-z 0-9 _ - and inner single periods, no AWS./Amazon.");
  }
  if (dataType === "") return about("must contain non-empty message attribute type");
  if (utf8Bytes(dataType) > SNS_ATTRIBUTE_TYPE_MAX_BYTES) {
    return about(`has a type over ${SNS_ATTRIBUTE_TYPE_MAX_BYTES} bytes`);
  }
  const base = snsAttributeBaseType(dataType);
  if (base === undefined) {
    return about("has an invalid message attribute type (type prefixes: Binary, Number, String)");
  }
  if (value === "") return about("must contain non-empty message attribute value");
  if (base === "Binary") {
    return BASE64.test(value) ? undefined : about("has a Binary value that is not base64");
  }
  if (SURROGATE.test(value)) return about("has an invalid value: surrogates are not supported");
  if (base === "Number") {
    const problem = numberProblem(value);
    return problem === undefined ? undefined : about(problem);
  }
  return dataType === "String.Array" && !isStringArray(value)
    ? about("of type String.Array must be a JSON array of strings, numbers, true, false or null")
    : undefined;
}

/** Every problem with a message's attributes: their count, then each attribute's own. */
export function snsAttributeProblems(attributes: SnsAttributes): string[] {
  const entries = Object.entries(attributes);
  const max = SNS_MAX_MESSAGE_ATTRIBUTES;
  const count = `Number of message attributes [${entries.length}] exceeds the allowed maximum [${max}]`;
  const own = entries.flatMap(([name, attribute]) => snsAttributeProblem(name, attribute) ?? []);
  return entries.length > max ? [count, ...own] : own;
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

/** Why a Number value is refused: not a decimal number, or outside -10^9..10^9 (exactly). */
function numberProblem(value: string): string | undefined {
  const match = NUMBER.exec(value);
  if (match?.[1] === undefined) return "value could not be cast to number";
  const [whole = "", fraction = ""] = match[1].split(".");
  const significant = (whole + fraction).replace(/^0+/, "");
  if (significant === "") return undefined;
  // The power of ten of the leading significant digit (1234.5 -> 3, 0.012 -> -2), worked out on
  // the decimal text so that 1000000000.0000000001 is not rounded into range.
  const leading = significant.length - fraction.length - 1 + Number(match[2] ?? 0);
  const max = NUMBER_MAX_EXPONENT;
  const inRange = leading < max || (leading === max && significant.replace(/0+$/, "") === "1");
  return inRange ? undefined : `value ${value} is outside the Number range -10^${max} to 10^${max}`;
}

function isStringArray(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    const scalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);
    return Array.isArray(parsed) && parsed.every(scalar);
  } catch {
    return false;
  }
}

function base64Bytes(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}
