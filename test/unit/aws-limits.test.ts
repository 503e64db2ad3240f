import { describe, expect, it } from "vitest";
import {
  LOG_EVENT_MAX_BYTES,
  LOG_EVENT_OVERHEAD_BYTES,
  SNS_ATTRIBUTE_NAME_MAX_CHARS,
  SNS_ATTRIBUTE_TYPE_MAX_BYTES,
  SNS_MAX_MESSAGE_ATTRIBUTES,
  SNS_MESSAGE_MAX_BYTES,
  SNS_NUMBER_MAX_MAGNITUDE,
  SNS_SUBJECT_MAX_CHARS,
  SNS_SUBJECT_PATTERN,
  type SnsAttribute,
  snsAttributeBaseType,
  snsMessageBytes,
  snsMessageProblem,
  snsSubjectProblem,
  utf8Bytes,
} from "../../lib/aws-limits.js";
import { snsAttributeProblem, snsAttributeProblems } from "../../lib/sns-attribute-limits.js";

const str = (value: string): SnsAttribute => ({ dataType: "String", value });
const num = (value: string): SnsAttribute => ({ dataType: "Number", value });
const strings = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, str("x")]));

describe("the documented numbers", () => {
  it("are AWS's: Subject < 100 chars, 256 KiB messages and log events, 10 attributes", () => {
    expect({
      SNS_SUBJECT_MAX_CHARS,
      SNS_MESSAGE_MAX_BYTES,
      SNS_MAX_MESSAGE_ATTRIBUTES,
      SNS_ATTRIBUTE_NAME_MAX_CHARS,
      SNS_ATTRIBUTE_TYPE_MAX_BYTES,
      SNS_NUMBER_MAX_MAGNITUDE,
      LOG_EVENT_MAX_BYTES,
      LOG_EVENT_OVERHEAD_BYTES,
    }).toEqual({
      SNS_SUBJECT_MAX_CHARS: 99,
      SNS_MESSAGE_MAX_BYTES: 262_144,
      SNS_MAX_MESSAGE_ATTRIBUTES: 10,
      SNS_ATTRIBUTE_NAME_MAX_CHARS: 256,
      SNS_ATTRIBUTE_TYPE_MAX_BYTES: 256,
      SNS_NUMBER_MAX_MAGNITUDE: 1e9,
      LOG_EVENT_MAX_BYTES: 262_144,
      LOG_EVENT_OVERHEAD_BYTES: 26,
    });
  });
});

describe("snsSubjectProblem", () => {
  it.each([
    ["one character", "a"],
    ["99 characters", "s".repeat(99)],
    ["space to tilde", " !~"],
  ])("accepts %s", (_, subject) => {
    expect(snsSubjectProblem(subject)).toBeUndefined();
  });

  it.each([
    ["an empty Subject", ""],
    ["100 characters", "s".repeat(100)],
    ["a line break", "a\nb"],
    ["a carriage return", "a\rb"],
    ["a tab", "a\tb"],
    ["DEL", "a\x7f"],
    ["NUL", "a\0"],
    ["an accented letter", "läuft"],
    ["an emoji", "ok 👍"],
  ])("refuses %s, naming the limit", (_, subject) => {
    expect(snsSubjectProblem(subject)).toBe(
      "Subject must be 1 to 99 printable ASCII characters, no line breaks",
    );
  });

  it("uses a pattern anchored at both ends, so a valid prefix does not pass", () => {
    expect(SNS_SUBJECT_PATTERN.test(`ok\nok`)).toBe(false);
    expect(SNS_SUBJECT_PATTERN.test(`${"s".repeat(99)}s`)).toBe(false);
  });
});

describe("snsAttributeProblem: names", () => {
  it.each(["a", "a.b", "a.b.c", "Az09_-", "n".repeat(256), "AWSx", "awsome.x", "my.AWS.x"])(
    "accepts %j",
    (name) => {
      expect(snsAttributeProblem(name, str("x"))).toBeUndefined();
    },
  );

  it.each([".a", "a.", "a..b", "AWS.x", "aws.x", "Amazon.x", "aMaZoN.x", "a b", "a/b", "ä"])(
    "refuses %j",
    (name) => {
      expect(snsAttributeProblem(name, str("x"))).toContain("has an invalid name");
    },
  );

  it("refuses a name of 257 characters and an empty one", () => {
    expect(snsAttributeProblem("n".repeat(257), str("x"))).toContain("over 256 characters");
    expect(snsAttributeProblem("", str("x"))).toBe("A message attribute has no name");
  });
});

describe("snsAttributeProblem: data types", () => {
  it.each([
    "String",
    "String.Array",
    "Number",
    "Binary",
    "Number.int",
    "String.json",
    "Binary.gif",
  ])("accepts %s", (dataType) => {
    const value = dataType === "String.Array" ? "[]" : dataType.startsWith("Binary") ? "AA==" : "1";
    expect(snsAttributeProblem("a", { dataType, value })).toBeUndefined();
  });

  it.each(["Boolean", "string", "Numeric.int", "Number.", ".Number", " Number"])(
    "refuses %j",
    (dataType) => {
      expect(snsAttributeProblem("a", { dataType, value: "1" })).toContain(
        "invalid message attribute type",
      );
    },
  );

  it("counts the type's bytes, not characters: 256 accepted, 257 refused", () => {
    const type256 = `String.${"é".repeat(124)}x`;
    expect(utf8Bytes(type256)).toBe(256);
    expect(snsAttributeProblem("a", { dataType: type256, value: "x" })).toBeUndefined();
    expect(snsAttributeProblem("a", { dataType: `${type256}x`, value: "x" })).toContain(
      "over 256 bytes",
    );
  });

  it("refuses an empty type and an empty value", () => {
    expect(snsAttributeProblem("a", { dataType: "", value: "x" })).toContain("non-empty");
    expect(snsAttributeProblem("a", str(""))).toContain("non-empty message attribute value");
  });

  it("reads a custom label as its base type", () => {
    expect(snsAttributeBaseType("Number.float")).toBe("Number");
    expect(snsAttributeBaseType("String.Array")).toBe("String");
    expect(snsAttributeBaseType("Binary")).toBe("Binary");
    expect(snsAttributeBaseType("Bool")).toBeUndefined();
  });
});

describe("snsAttributeProblem: values", () => {
  it.each([
    "0",
    "-0.0",
    "42",
    "+7",
    ".5",
    "5.",
    "-1.5e3",
    "1000000000",
    "-1e9",
    "10e8",
    "0.000000001e18",
    "1000000000.000",
    "1e-129",
    "123456789.123456789012345678901234567891",
  ])("accepts the Number %s", (value) => {
    expect(snsAttributeProblem("a", num(value))).toBeUndefined();
  });

  it.each(["1000000001", "1000000000.00001", "-1e10", "2e9", "1e126", "1e127", "1e999999"])(
    "refuses the Number %s as out of range",
    (value) => {
      expect(snsAttributeProblem("a", num(value))).toContain("outside the Number range");
    },
  );

  it.each(["three", "0x10", "1e", "1,5", "NaN", "Infinity", " 1", "--1"])(
    "refuses %j as not a number",
    (value) => {
      expect(snsAttributeProblem("a", num(value))).toContain("could not be cast to number");
    },
  );

  it.each(['["a",1,true,null]', "[]", '[1.5, false, "x"]'])(
    "accepts the String.Array %s",
    (value) => {
      expect(snsAttributeProblem("a", { dataType: "String.Array", value })).toBeUndefined();
    },
  );

  it.each(['[["a"]]', '[{"a":1}]', '{"a":1}', '"a"', "1", "not json", "[1,]"])(
    "refuses the String.Array %s",
    (value) => {
      expect(snsAttributeProblem("a", { dataType: "String.Array", value })).toContain(
        "must be a JSON array of strings, numbers, true, false or null",
      );
    },
  );

  it("checks String.Array format only for that exact type", () => {
    expect(
      snsAttributeProblem("a", { dataType: "String.json", value: "not json" }),
    ).toBeUndefined();
  });

  it.each(["AAEC", "AA==", "AAE=", "/+9z"])("accepts the Binary value %s", (value) => {
    expect(snsAttributeProblem("a", { dataType: "Binary", value })).toBeUndefined();
  });

  it.each(["AA!C", "A=EC", "AAE", "AA=", "AA AA"])("refuses the Binary value %j", (value) => {
    expect(snsAttributeProblem("a", { dataType: "Binary", value })).toContain("not base64");
  });

  it("refuses surrogates (an emoji) in a string value but not accented letters", () => {
    expect(snsAttributeProblem("a", str("ok 👍"))).toContain("surrogates");
    expect(snsAttributeProblem("a", str("läuft ab — ✓"))).toBeUndefined();
  });
});

describe("snsAttributeProblems", () => {
  it("accepts 10 attributes and refuses 11, saying how many", () => {
    expect(snsAttributeProblems(strings(10))).toEqual([]);
    expect(snsAttributeProblems(strings(11))).toEqual([
      "Number of message attributes [11] exceeds the allowed maximum [10]",
    ]);
  });

  it("lists every bad attribute, count first", () => {
    const problems = snsAttributeProblems({ ...strings(10), "a..b": str("x"), n: num("x") });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain("[12]");
    expect(problems[1]).toContain("'a..b' has an invalid name");
    expect(problems[2]).toContain("'n' value could not be cast to number");
  });
});

describe("snsMessageBytes and snsMessageProblem", () => {
  it("counts UTF-8 bytes of the body and of each attribute's name, type and value", () => {
    // "é" is 2 bytes; Binary "AAEC" carries 3 bytes, not its 4 characters of base64.
    const attributes = { n: str("vé"), b: { dataType: "Binary", value: "AAEC" } };
    expect(snsMessageBytes("é", attributes)).toBe(2 + (1 + 6 + 3) + (1 + 6 + 3));
  });

  it("accepts exactly 262144 bytes with attributes and refuses one byte more", () => {
    const attributes = { n: str("v") }; // 8 bytes
    expect(snsMessageProblem("x".repeat(262_136), attributes)).toBeUndefined();
    expect(snsMessageProblem("x".repeat(262_137), attributes)).toBe(
      "Message too long: 262145 bytes with attributes, over 262144",
    );
  });

  it("refuses an empty body", () => {
    expect(snsMessageProblem("", {})).toBe("Empty message");
  });
});
