// The JSON Schema of the report subscribers receive, generated from the valibot ReportSchema the
// sweep builds its reports to (docs/report.schema.json; `npm run docs:schema` rewrites it).
import { toJsonSchema } from "@valibot/to-json-schema";
import { REPORT_VERSION, ReportSchema } from "../../lib/report/schema.js";

export const REPORT_SCHEMA_PATH = new URL("../../docs/report.schema.json", import.meta.url);

export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...toJsonSchema(ReportSchema, { errorMode: "throw" }),
    title: `openai-cert-sweeper report, version ${REPORT_VERSION}`,
    description:
      "The JSON report each run publishes to SNS (the message's `default` part). Generated from ReportSchema in lib/report/schema.ts.",
  };
}

/** The schema as JSON text (Biome may reformat the file; its content is what counts). */
export const reportJsonSchemaText = () => `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
