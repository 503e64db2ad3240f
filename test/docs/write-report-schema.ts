// `npm run docs:schema`: writes docs/report.schema.json from ReportSchema.
import { writeFileSync } from "node:fs";
import { REPORT_SCHEMA_PATH, reportJsonSchemaText } from "./report-json-schema.js";

writeFileSync(REPORT_SCHEMA_PATH, reportJsonSchemaText());
process.stdout.write(`wrote ${REPORT_SCHEMA_PATH.pathname}\n`);
