// What a company's review of the package looks at first: its licence, in package.json and as the
// LICENSE text, in one voice.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { packageJson } from "../support/platform.js";

const root = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");

describe("the package's metadata", () => {
  it("names the licence whose text LICENSE holds", () => {
    expect(packageJson.license).toBe("Apache-2.0");
    const text = root("LICENSE");
    expect(text).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(text).toContain("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
  });

  it("says what it is, and the README's first line says the same thing", () => {
    expect(packageJson.description).toMatch(/deactivates expiring and expired mutual-TLS/);
    expect(root("README.md")).toMatch(/^# openai-cert-sweeper\n/);
  });
});
