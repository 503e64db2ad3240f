import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chunkIds, MAX_IDS_PER_CALL } from "../../../lib/sweep/chunk.js";

const ids = (n: number, prefix = "cert_") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const sizes = (chunks: string[][]) => chunks.map((c) => c.length);

describe("chunkIds", () => {
  it("never puts more ids in a call than the contract's deactivate request takes", () => {
    const spec = JSON.parse(
      readFileSync(
        new URL("../../contract/openai-admin-certificates.openapi.json", import.meta.url),
        "utf8",
      ),
    );
    const maxItems: number =
      spec.components.schemas.ToggleCertificatesRequest.properties.certificate_ids.maxItems;
    expect(Math.max(...sizes(chunkIds(ids(5 * maxItems + 1))))).toBe(maxItems);
    expect(() => chunkIds(ids(3), maxItems + 1)).toThrow(RangeError);
    expect(MAX_IDS_PER_CALL).toBe(maxItems);
  });

  it("makes no chunks for no ids", () => {
    expect(chunkIds([])).toEqual([]);
  });

  it.each([
    [1, [1]],
    [10, [10]],
    [11, [10, 1]],
    [13, [10, 3]],
    [20, [10, 10]],
    [25, [10, 10, 5]],
  ])("splits %i ids into chunks of %j", (n, expected) => {
    expect(sizes(chunkIds(ids(n)))).toEqual(expected);
  });

  it("keeps the order of the ids", () => {
    const input = ids(13).reverse();
    expect(chunkIds(input).flat()).toEqual(input);
  });

  it("drops repeated ids, keeping the first occurrence", () => {
    expect(chunkIds(["b", "a", "b", "c", "a"])).toEqual([["b", "a", "c"]]);
  });

  it("never splits a repeated id across chunks", () => {
    // 11 entries but only 10 distinct ids: one call, not two.
    const input = [...ids(10), "cert_3"];
    const chunks = chunkIds(input);
    expect(sizes(chunks)).toEqual([10]);
    const withRepeatsAcrossBoundary = [...ids(12), ...ids(12)];
    const flat = chunkIds(withRepeatsAcrossBoundary).flat();
    expect(flat).toEqual(ids(12));
  });

  it("honours a smaller chunk size", () => {
    expect(sizes(chunkIds(ids(7), 3))).toEqual([3, 3, 1]);
    expect(sizes(chunkIds(ids(2), 1))).toEqual([1, 1]);
  });

  it.each([0, 11, -1, 1.5, Number.NaN])("rejects chunk size %s", (size) => {
    expect(() => chunkIds(ids(3), size)).toThrow(RangeError);
  });

  it("for every n from 0 to 60 makes the fewest chunks of at most 10, none empty, covering the input", () => {
    for (let n = 0; n <= 60; n++) {
      // Every third id repeats an earlier one, so the distinct count differs from n.
      const input = Array.from({ length: n }, (_, i) =>
        i % 3 === 2 ? `cert_${i - 1}` : `cert_${i}`,
      );
      const distinct = new Set(input);
      const chunks = chunkIds(input);
      expect(chunks.length, `n=${n}`).toBe(Math.ceil(distinct.size / 10));
      for (const chunk of chunks) {
        expect(chunk.length, `n=${n}`).toBeGreaterThan(0);
        expect(chunk.length, `n=${n}`).toBeLessThanOrEqual(10);
      }
      const flat = chunks.flat();
      expect(flat.length, `n=${n}: no id twice`).toBe(new Set(flat).size);
      expect(new Set(flat), `n=${n}`).toEqual(distinct);

      const unique = ids(n);
      expect(chunkIds(unique).length, `n=${n} unique`).toBe(Math.ceil(n / 10));
      expect(chunkIds(unique).flat(), `n=${n} unique`).toEqual(unique);
    }
  });
});
