import { describe, expect, it } from "vitest";
import { cleanText, cutText, safeText } from "../../lib/safe-text.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** `text` after encoding to UTF-8 and decoding with a decoder that throws on invalid input. */
const strictUtf8RoundTrip = (text: string) =>
  new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(text));
const graphemes = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map(
    (s) => s.segment,
  );
const codePoint = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every character the brief says must go: line breaks, controls and bidi formatting. */
const REMOVED = [
  ...range(0x00, 0x1f), // C0 controls
  0x7f, // DEL
  ...range(0x80, 0x9f), // C1 controls, NEL U+0085 among them
  0x2028, // LINE SEPARATOR
  0x2029, // PARAGRAPH SEPARATOR
  ...range(0x202a, 0x202e), // bidi embeddings and overrides
  ...range(0x2066, 0x2069), // bidi isolates
  0x200e, // LEFT-TO-RIGHT MARK
  0x200f, // RIGHT-TO-LEFT MARK
  0x061c, // ARABIC LETTER MARK
].map((c) => [codePoint(c), String.fromCodePoint(c)] as const);

/** Text that must come through whole: each entry is one grapheme cluster. */
const KEPT = [
  ["an emoji", "😀"],
  ["an emoji with a skin tone", "👍🏽"],
  ["a ZWJ family sequence", "👨‍👩‍👧‍👦"],
  ["a flag", "🇯🇵"],
  ["a CJK character", "証"],
  ["a CJK character outside the BMP", "𠮷"],
  ["a letter with a combining accent", "e\u0301"],
  ["a letter with two combining marks", "a\u0323\u0302"],
] as const;

describe("cleanText", () => {
  it.each(REMOVED)("removes %s from the middle of a name", (_codePoint, character) => {
    const cleaned = cleanText(`prod${character}CRITICAL: forged`);
    expect(cleaned).toBe("prod CRITICAL: forged");
    expect(cleaned).not.toContain(character);
    // What was meant as a line of its own stays inside the name's line.
    expect(cleaned.split(/\r\n|[\n\v\f\r\u0085\u2028\u2029]/)).toEqual(["prod CRITICAL: forged"]);
  });

  it("replaces a run of removed characters and whitespace with one space, and trims", () => {
    expect(cleanText("\u202e\n prod \u2028\u2029\u0085\t client \u200f\r\n")).toBe("prod client");
    expect(cleanText("\u0000\u2066\u061c")).toBe("");
  });

  it.each(KEPT)("keeps %s intact", (_case, text) => {
    expect(cleanText(text)).toBe(text);
    expect(cleanText(`name ${text} here`)).toBe(`name ${text} here`);
  });

  it("keeps a mix of emoji, CJK and combining marks intact", () => {
    const name = "証明書 👨‍👩‍👧‍👦 🇯🇵 café (cafe\u0301) 𠮷野家";
    expect(cleanText(name)).toBe(name);
  });

  it.each([
    ["a lone high surrogate", "a\uD83Db", "a\uFFFDb"],
    ["a lone low surrogate", "a\uDE00b", "a\uFFFDb"],
    ["a pair in the wrong order", "a\uDE00\uD83Db", "a\uFFFD\uFFFDb"],
    ["a high surrogate at the end", "ab\uD83D", "ab\uFFFD"],
    ["a pair split by a control character", "\uD83D\u0000\uDE00", "\uFFFD \uFFFD"],
  ])("replaces %s with U+FFFD", (_case, text, expected) => {
    const cleaned = cleanText(text);
    expect(cleaned).toBe(expected);
    expect(cleaned).not.toMatch(LONE_SURROGATE);
    expect(strictUtf8RoundTrip(cleaned)).toBe(cleaned);
  });

  it("keeps a surrogate pair as it is", () => {
    expect(cleanText("a\uD83D\uDE00b")).toBe("a😀b");
  });
});

describe("cutText", () => {
  it.each(KEPT)("never splits %s, wherever the cut falls", (_case, cluster) => {
    const text = `ab${cluster}${cluster}cd`;
    const clusters = graphemes(text);
    for (let maxLength = 1; maxLength < text.length; maxLength++) {
      const cut = cutText(text, maxLength);
      expect(cut.length).toBeLessThanOrEqual(maxLength);
      expect(cut).not.toMatch(LONE_SURROGATE);
      expect(strictUtf8RoundTrip(cut)).toBe(cut);
      expect(cut.endsWith("…")).toBe(true);
      // The kept part is the text's first whole clusters, as many as fit before the ellipsis.
      const kept = graphemes(cut.slice(0, -1));
      expect(kept).toEqual(clusters.slice(0, kept.length));
      const next = clusters[kept.length] ?? "";
      expect(cut.length - 1 + next.length).toBeGreaterThan(maxLength - 1);
    }
  });

  it("keeps a ZWJ sequence whole or drops it whole", () => {
    const family = "👨‍👩‍👧‍👦";
    expect(cutText(`ab${family}cd`, family.length + 3)).toBe(`ab${family}…`);
    expect(cutText(`ab${family}cd`, family.length + 2)).toBe("ab…");
  });

  it("cuts a long run of emoji without leaving half of one", () => {
    const cut = cutText("😀".repeat(300), 200);
    expect(cut).toBe(`${"😀".repeat(99)}…`);
    expect(cut).not.toMatch(LONE_SURROGATE);
  });

  it("returns text up to the limit unchanged", () => {
    expect(cutText("short", 200)).toBe("short");
    expect(cutText("n".repeat(200), 200)).toBe("n".repeat(200));
    expect(cutText("", 1)).toBe("");
  });

  it("cuts text over the limit to exactly the limit when every cluster is one code unit", () => {
    expect(cutText("n".repeat(201), 200)).toBe(`${"n".repeat(199)}…`);
    expect(cutText("ab", 1)).toBe("…");
  });

  it("is at most maxLength long even when the first cluster alone is too long", () => {
    expect(cutText(`e${"\u0301".repeat(50)}tail`, 10)).toBe("…");
  });

  it.each([
    ["0", 0],
    ["negative", -5],
    ["fractional", 10.5],
    ["NaN", Number.NaN],
    ["infinite", Number.POSITIVE_INFINITY],
  ])("throws a RangeError for a maxLength that is %s", (_case, maxLength) => {
    expect(() => cutText("text", maxLength)).toThrow(RangeError);
    expect(() => safeText("text", maxLength)).toThrow(RangeError);
  });
});

describe("safeText", () => {
  it("cleans before it cuts, so that the limit applies to the cleaned text", () => {
    expect(safeText(`\u2028\u2028\u2028${"n".repeat(10)}\n\n\n`, 10)).toBe("n".repeat(10));
  });

  it("leaves nothing that could forge a line or fail strict UTF-8, at any length", () => {
    const hostile = `x\u2028CRITICAL: forged\u202e${"👨‍👩‍👧‍👦".repeat(20)}\uD800 e\u0301\u0085end`;
    for (const maxLength of [1, 2, 5, 19, 20, 21, 50, 199, 200]) {
      const text = safeText(hostile, maxLength);
      expect(text.length).toBeLessThanOrEqual(maxLength);
      expect(text).not.toMatch(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u);
      expect(text).not.toMatch(LONE_SURROGATE);
      expect(strictUtf8RoundTrip(text)).toBe(text);
      expect(text.startsWith("CRITICAL")).toBe(false);
    }
  });
});
