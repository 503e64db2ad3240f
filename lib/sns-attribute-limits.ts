// The rules SNS applies to each message attribute (its name, type and value), beside the limits
// in aws-limits.ts; https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html states them.
import {
  SNS_ATTRIBUTE_NAME_MAX_CHARS,
  SNS_ATTRIBUTE_TYPE_MAX_BYTES,
  SNS_MAX_MESSAGE_ATTRIBUTES,
  SNS_NUMBER_MAX_MAGNITUDE,
  type SnsAttribute,
  type SnsAttributes,
  snsAttributeBaseType,
  utf8Bytes,
} from "./aws-limits.js";

// Names: A-Z a-z 0-9 _ - and periods, but none leading, trailing or successive.
const SNS_ATTRIBUTE_NAME_PATTERN = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
// Reserved for AWS in any casing.
const SNS_RESERVED_ATTRIBUTE_NAME_PREFIX = /^(?:aws|amazon)\./i;
const NUMBER_MAX_EXPONENT = String(SNS_NUMBER_MAX_MAGNITUDE).length - 1;
const NUMBER = /^[+-]?(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// sns-message-attributes.html: surrogates (an emoji, say) are refused in attribute values.
const SURROGATE = /[\uD800-\uDFFF]/;

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
