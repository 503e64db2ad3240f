// docs/deploy.md's table of params against serverless.yml: every param once, with the default
// (and the prod stage's value) the framework deploys.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHECKED_PARAMS } from "../../lib/deploy/index.js";
import { ROOT, readYaml } from "../support/platform.js";

const doc = readFileSync(`${ROOT}docs/deploy.md`, "utf8");
const section = doc.slice(
  doc.indexOf("## Params\n"),
  doc.indexOf("\n## ", doc.indexOf("## Params\n") + 1),
);
const rows = [...section.matchAll(/^\| `(\w+)` +\| ([^|]+?) +\|/gm)].map(
  ([, param = "", fallback = ""]) => ({
    param,
    fallback,
  }),
);
const params = (readYaml("serverless.yml") as { params: Record<string, Record<string, unknown>> })
  .params;
const shown = (value: unknown) => `\`${value === "" ? '""' : String(value)}\``;

describe("docs/deploy.md's params table", () => {
  it("has one row for each param serverless.yml deploys with (and the secret's ARN), and no other", () => {
    const expected = new Set([...Object.keys(params.default ?? {}), ...CHECKED_PARAMS]);
    expect(rows.map((row) => row.param).sort()).toEqual([...expected].sort());
  });

  it.each(rows.filter((row) => row.param !== "adminKeySecretArn"))(
    "gives $param the default serverless.yml sets",
    ({ param, fallback }) => {
      expect(fallback.startsWith(shown(params.default?.[param]))).toBe(true);
      const prod = params.prod?.[param];
      if (prod !== undefined) expect(fallback).toContain(`(\`prod\`: ${shown(prod)})`);
      else expect(fallback).not.toContain("prod");
    },
  );
});
