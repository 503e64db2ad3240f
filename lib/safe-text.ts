// Untrusted text (names from the Admin API, API error messages) ends up in JSON reports, email
// text and SNS messages. Shown there, it must not be able to start a line of its own (a forged
// "CRITICAL: ..." line), reorder what is displayed around it, or make a strict UTF-8 encoder fail.

// Every character that can break or reorder a line when text is shown, one run of them at a time:
// - \p{Cc}: C0 controls U+0000–U+001F (CR, LF, VT, FF, ...), DEL U+007F and C1 controls
//   U+0080–U+009F, among them NEL U+0085, which some terminals and mail clients treat as a newline;
// - U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: line breaks to Unicode-aware renderers
//   (and JavaScript source) even where CR and LF are filtered;
// - U+202A–U+202E (LRE, RLE, PDF, LRO, RLO) and U+2066–U+2069 (LRI, RLI, FSI, PDI): bidi
//   embeddings, overrides and isolates, which make text display in an order other than its own
//   ("Trojan Source", CVE-2021-42574);
// - U+200E LRM, U+200F RLM and U+061C ALM: invisible bidi marks that still shift the neighbouring
//   text's direction.
const UNSAFE_RUN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]+/gu;

// With the `u` flag, \p{Cs} matches only a surrogate that is not half of a pair. Done by hand
// because String.prototype.toWellFormed is ES2024, beyond the ES2023 lib this project compiles
// against; the result is the same (each lone surrogate becomes U+FFFD).
const LONE_SURROGATE = /\p{Cs}/gu;

// Grapheme clusters (UAX #29) do not depend on the locale; one segmenter serves every call.
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

const ELLIPSIS = "…";

/** `text` as one trimmed, well-formed line: each unsafe or whitespace run becomes one space. */
export function cleanText(text: string): string {
  return text
    .replace(UNSAFE_RUN, " ")
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(/\s+/gu, " ")
    .trim();
}

/** `text`, or its longest prefix of whole grapheme clusters plus "…", in `maxLength` code units. */
export function cutText(text: string, maxLength: number): string {
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new RangeError(`maxLength must be an integer of at least 1, not ${maxLength}`);
  }
  // `length` counts UTF-16 code units, as the limits downstream (SNS sizes, report fields) do.
  if (text.length <= maxLength) return text;
  const room = maxLength - ELLIPSIS.length;
  let end = 0;
  // Whole clusters only: a cut inside one would leave a lone surrogate (invalid UTF-8 after
  // encoding) or a broken emoji sequence, flag or base letter without its combining marks.
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > room) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end)}${ELLIPSIS}`;
}

/** `text` cleaned (see cleanText) and then cut to at most `maxLength` code units (see cutText). */
export function safeText(text: string, maxLength: number): string {
  return cutText(cleanText(text), maxLength);
}
