import { LOG_EVENT_MAX_BYTES, LOG_EVENT_OVERHEAD_BYTES } from "../aws-limits.js";
import type { Report } from "./schema.js";
import { splitReport } from "./split.js";

// Room for what the logger adds around our attributes (level, timestamp, service, the Lambda
// context's function name, ARN, request id and trace id): well under 1 KB in practice.
const LOGGER_KEYS_BYTES = 4_096;

/** The most a part's own attributes may take, so that its whole log event fits. */
export const LOG_PART_MAX_BYTES =
  LOG_EVENT_MAX_BYTES - LOG_EVENT_OVERHEAD_BYTES - LOGGER_KEYS_BYTES;

/** One log event carrying a part of a report. */
export interface ReportLogPart {
  /** "sweep report (part 2 of 5)" */
  message: string;
  attributes: { run_id: string; part: string; report: Report };
}

/**
 * The report as log events, each within the log event limit: one part normally, more for a large
 * report, each a whole report (header, counts, organization) with its share of the per-project
 * entries, saying "part i of n" and carrying the run id. Together they hold every entry.
 */
export function reportLogParts(report: Report, maxBytes = LOG_PART_MAX_BYTES): ReportLogPart[] {
  const entry = (part: Report): ReportLogPart => {
    const label = `part ${part.part.index} of ${part.part.count}`;
    return {
      message: `sweep report (${label})`,
      attributes: { run_id: part.run_id, part: label, report: part },
    };
  };
  const fits = (part: Report) => {
    const { message, attributes } = entry(part);
    return Buffer.byteLength(JSON.stringify({ message, ...attributes })) <= maxBytes;
  };
  return splitReport(report, fits).map(entry);
}
