import type { Report } from "./schema.js";

type Item =
  | { project: Report["projects"][number] }
  | { notScanned: Report["projects_not_scanned"][number] };

// Measured with the widest part label, so that numbering the parts later never makes one grow.
const WIDEST_PART = { index: 99_999, count: 99_999 };

/**
 * Spreads a report's per-project entries (projects, then projects not scanned) over the fewest
 * parts for which `fits` holds, in order: each part takes as many entries as fit (found by
 * doubling, then bisecting, so a part is measured O(log n) times). Each part is a whole report
 * that repeats the header, counts and organization, numbered `part: { index, count }`; together
 * they hold every entry once, in order. Throws a RangeError when even a single entry does not fit.
 * `fits` must be monotone: a part that fits still fits with fewer entries.
 */
export function splitReport(report: Report, fits: (part: Report) => boolean): Report[] {
  const items: Item[] = [
    ...report.projects.map((project) => ({ project })),
    ...report.projects_not_scanned.map((notScanned) => ({ notScanned })),
  ];
  const withItems = (subset: Item[]): Report => ({
    ...report,
    projects: subset.flatMap((i) => ("project" in i ? [i.project] : [])),
    projects_not_scanned: subset.flatMap((i) => ("notScanned" in i ? [i.notScanned] : [])),
    part: WIDEST_PART,
  });
  const tooLarge = () =>
    new RangeError("a report part does not fit its limit even with a single entry");
  if (items.length === 0) {
    const only = withItems([]);
    if (!fits(only)) throw tooLarge();
    return [{ ...only, part: { index: 1, count: 1 } }];
  }
  const parts: Report[] = [];
  for (let start = 0; start < items.length; ) {
    const fitsCount = (count: number) => fits(withItems(items.slice(start, start + count)));
    if (!fitsCount(1)) throw tooLarge();
    const left = items.length - start;
    let good = 1; // known to fit
    let bad = left + 1; // known not to fit (or past the end)
    while (good < left) {
      const next = Math.min(good * 2, left);
      if (fitsCount(next)) good = next;
      else {
        bad = next;
        break;
      }
    }
    while (bad - good > 1) {
      const middle = Math.floor((good + bad) / 2);
      if (fitsCount(middle)) good = middle;
      else bad = middle;
    }
    parts.push(withItems(items.slice(start, start + good)));
    start += good;
  }
  return parts.map((part, i) => ({ ...part, part: { index: i + 1, count: parts.length } }));
}
