import { describe, expect, it } from "vitest";
import { renderText } from "../../lib/report/text.js";
import { harnessPerTest } from "../support/harness.js";
import { cert, org, project } from "../support/org-builder.js";

const start = harnessPerTest();

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** Every character that could start a line or reorder text, as the sweep must never show it. */
const HOSTILE = [
  ...range(0x00, 0x1f),
  ...range(0x7f, 0x9f),
  0x2028,
  0x2029,
  ...range(0x202a, 0x202e),
  ...range(0x2066, 0x2069),
  0x200e,
  0x200f,
  0x061c,
].map((c) => String.fromCodePoint(c));
const REMOVED = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Emoji (a ZWJ family, a flag, a skin tone), CJK and a combining accent: all must survive whole. */
const KEPT = "👨‍👩‍👧‍👦 🇯🇵 👍🏽 証明書 cafe\u0301";
const FORGED = /^\s*(?:- )?CRITICAL: forged/;

const id = (i: number) => String(i).padStart(2, "0");

/** Every string in a JSON value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...strings(inner)]);
  }
  return [];
}

function expectSafe(text: string): void {
  expect(text).not.toMatch(REMOVED);
  expect(text).not.toMatch(LONE_SURROGATE);
  expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(text))).toBe(
    text,
  );
}

describe("untrusted names and error messages in a sweep's report", () => {
  it("can neither forge a line nor break strict UTF-8, in the JSON, the email text or SNS", async () => {
    // One project and one due certificate per hostile character, each name trying to start a
    // "CRITICAL: forged" line; plus a lone surrogate, a 300-unit emoji name and a failing project
    // whose API error message carries the same characters.
    const certificates = [
      ...HOSTILE.map((c, i) =>
        cert(`cert_${id(i)}`, -1, { name: `x${c}CRITICAL: forged ${KEPT}` }),
      ),
      cert("cert_lone", -1, { name: `lone \uD83D surrogate\u202e${KEPT}` }),
      cert("cert_long", -1, { name: "😀".repeat(150) }),
      cert("cert_unknown", undefined, { name: `u\u2028CRITICAL: forged\u0085${KEPT}` }),
      cert("cert_ok", 200),
    ];
    const projects = [
      ...HOSTILE.map((c, i) => project(`proj_${id(i)}`, { name: `p${c}CRITICAL: forged ${KEPT}` })),
      project("proj_misc", { name: `m\u2029CRITICAL: forged\u202d${KEPT}` }),
      project("proj_fail", { name: `f\r\nCRITICAL: forged\u2066${KEPT}` }),
    ];
    const projectActive: Record<string, string[]> = {
      ...Object.fromEntries(HOSTILE.map((_, i) => [`proj_${id(i)}`, [`cert_${id(i)}`, "cert_ok"]])),
      proj_misc: ["cert_lone", "cert_long", "cert_unknown", "cert_ok"],
      proj_fail: ["cert_ok"],
    };
    const message = `bad\u2028CRITICAL: forged\u202e\r\n${"😀".repeat(300)}`;
    const harness = await start({
      organization: org(certificates, projects, projectActive),
      env: { MAX_DEACTIVATIONS_PER_RUN: "500" },
      faults: [
        {
          kind: "respond",
          status: 400,
          path: /proj_fail\/certificates$/,
          body: { error: { message, type: "invalid_request_error", param: null, code: null } },
        },
      ],
    });
    const result = await harness.run();

    // The failed project fails the run, which still publishes its report first.
    expect(result.ok).toBe(false);
    const report = result.report;
    expect(report.counts.certificates_deactivated).toBe(HOSTILE.length + 2);
    const byId = new Map(report.projects.map((p) => [p.id, p]));
    expect(byId.get("proj_00")?.name).toBe(`p CRITICAL: forged ${KEPT}`);
    expect(byId.get("proj_00")?.deactivated[0]?.name).toBe(`x CRITICAL: forged ${KEPT}`);
    const misc = byId.get("proj_misc");
    expect(misc?.deactivated.find((c) => c.id === "cert_lone")?.name).toBe(
      `lone \uFFFD surrogate ${KEPT}`,
    );
    const long = misc?.deactivated.find((c) => c.id === "cert_long")?.name ?? "";
    expect(long).toBe(`${"😀".repeat(99)}…`);
    const failure = byId.get("proj_fail")?.failures[0]?.error ?? "";
    expect(failure.startsWith("400 bad CRITICAL: forged 😀")).toBe(true);
    expect(failure.length).toBeLessThanOrEqual(500);

    for (const text of strings(report)) expectSafe(text);
    expectSafe(JSON.stringify(report));

    const lines = renderText(report).split("\n");
    expect(lines.join("\n")).toContain(`p CRITICAL: forged ${KEPT} (proj_00)`);
    for (const line of lines) {
      expectSafe(line);
      expect(line).not.toMatch(FORGED);
    }

    expect(harness.published.length).toBeGreaterThan(0);
    for (const published of harness.published) {
      for (const text of strings(published)) expectSafe(text);
      const envelope = JSON.parse(published.Message ?? "{}") as Record<string, string>;
      for (const text of strings(JSON.parse(envelope.default ?? "{}"))) expectSafe(text);
      for (const line of (envelope.email ?? "").split("\n")) {
        expectSafe(line);
        expect(line).not.toMatch(FORGED);
      }
    }
  });
});
