// Every relative link in the README and docs/ leads somewhere: the file exists, and so does the
// heading its #fragment names (as GitHub makes anchors of headings).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/platform.js";

const PAGES = [
  "README.md",
  "CONTRIBUTING.md",
  "SECURITY.md",
  "CHANGELOG.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** The page's text outside fenced code blocks, where a `](…)` is not a link. */
const prose = (page: string) =>
  readFileSync(join(ROOT, page), "utf8").replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as dashes. */
function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading = ""] of prose(page).matchAll(/^#{1,6} +(.+)$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .trim()
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return result;
}

const links = PAGES.flatMap((page) =>
  [...prose(page).matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target = ""]) => target)
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => ({ page, target })),
);

describe("links in the README and docs/", () => {
  it("are there to check", () => {
    expect(links.length).toBeGreaterThan(30);
  });

  it.each(links)("$page → $target", ({ page, target }) => {
    const [path = "", fragment] = target.split("#");
    const file = path === "" ? page : relative(ROOT, join(ROOT, dirname(page), path));
    expect(existsSync(join(ROOT, file)), `${file} exists`).toBe(true);
    if (fragment !== undefined) expect([...anchors(file)]).toContain(fragment);
  });
});
