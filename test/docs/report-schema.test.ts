// docs/report.schema.json is ReportSchema as JSON Schema, and what the sweep publishes fits it.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { demoOrganization } from "../../lib/simulator/demo-org.js";
import { harnessPerTest } from "../support/harness.js";
import { NOW_SECONDS } from "../support/org-builder.js";
import { REPORT_SCHEMA_PATH, reportJsonSchema } from "./report-json-schema.js";

const start = harnessPerTest();

describe("docs/report.schema.json", () => {
  it("is generated from ReportSchema (run npm run docs:schema after changing the report)", () => {
    expect(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8"))).toEqual(reportJsonSchema());
  });

  it("accepts the reports a sweep publishes, and refuses one without its version", async () => {
    const { $schema: _, ...schema } = reportJsonSchema();
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const harness = await start({ organization: demoOrganization(NOW_SECONDS) });
    await harness.run({ ACTIVATE_REPLACEMENTS: "true", NOTIFY_ON: "always" });
    await harness.run({ NOTIFY_ON: "always" });
    const reports = harness.publishedReports();
    expect(reports).toHaveLength(2);
    for (const report of reports)
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const { report_version: __, ...unversioned } = reports[0] as Record<string, unknown>;
    expect(validate(unversioned)).toBe(false);
  });
});
