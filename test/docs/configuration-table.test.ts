// docs/configuration.md's table against the configuration schema: every variable the sweep reads
// has one row, and each documented default is the one the code applies.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, describeVariable, parseConfig } from "../../lib/config/index.js";
import { ROOT } from "../support/platform.js";

const doc = readFileSync(`${ROOT}docs/configuration.md`, "utf8");
// | `VARIABLE` | default | accepted values | meaning |
const rows = [...doc.matchAll(/^\| `([A-Z_]+)` +\| ([^|]+?) +\| ([^|]+?) +\|/gm)].map(
  ([, variable = "", fallback = "", accepted = ""]) => ({ variable, fallback, accepted }),
);

// A minimal valid environment: the key's source is required.
const env = (vars: Record<string, string> = {}) => ({
  OPENAI_ADMIN_KEY_SECRET_ID: "openai/admin-key",
  ...vars,
});

describe("docs/configuration.md's table", () => {
  it("has one row for each variable the sweep reads, and no other", () => {
    expect(rows.map((row) => row.variable).sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it.each(rows)("gives $variable the default the schema applies", ({ variable, fallback }) => {
    const { default: schemaDefault } = describeVariable(variable);
    const documented = /^`([^`]+)`/.exec(fallback)?.[1];
    if (schemaDefault === "") {
      // No literal default: a dash (unset), or one worked out from another variable.
      expect(documented === undefined || CONFIG_VARIABLES.includes(documented)).toBe(true);
      return;
    }
    expect(documented).toBe(schemaDefault);
    if (variable !== "OPENAI_ADMIN_KEY_SECRET_ID") {
      // Setting the documented value changes nothing: it is the one the code applies.
      expect(parseConfig(env({ [variable]: schemaDefault }))).toEqual(parseConfig(env()));
    }
  });

  it("documents the accepted values of every variable", () => {
    for (const row of rows) expect(row.accepted, row.variable).not.toMatch(/^\s*$/);
  });
});
