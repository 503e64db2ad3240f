import type { Report } from "./schema.js";
import { totals } from "./totals.js";

/** One CloudWatch metric value (published as embedded metric format by the handler). */
export interface RunMetric {
  name: string;
  unit: "Count" | "Milliseconds";
  value: number;
}

/** Namespace and names the deployment's alarms watch (infra/alarms.yml): change them together. */
export const METRICS_NAMESPACE = "OpenAICertSweeper";

/**
 * The metrics of one run. Every run emits every metric, zeros included, so that alarms see data.
 * `RunCompleted` is the heartbeat: 1 only when the run succeeded and its report was delivered.
 */
export function runMetrics(
  report: Report,
  succeeded: boolean,
  durationMs: number,
  api: { requests: number; throttled: number },
): RunMetric[] {
  const c = report.counts;
  const all = totals(c);
  const count = (name: string, value: number): RunMetric => ({ name, unit: "Count", value });
  return [
    // Organization-level deactivations count too: the alarms must see a failed one.
    count("CertificatesDeactivated", all.deactivated),
    count("CertificatesPlanned", all.planned),
    count("CertificatesFailed", all.failed),
    count("CertificatesHeldBack", c.certificates_held_back + c.organization_certificates_held_back),
    count("CertificatesActivated", c.certificates_activated),
    count("ProjectsWithoutValidCertificate", c.projects_without_valid_certificate),
    count("ProjectsScanned", c.projects_scanned),
    count("ProjectsFailed", c.projects_failed),
    count("Warnings", c.warnings),
    count("CapTripped", report.cap_tripped ? 1 : 0),
    count("RunCompleted", succeeded ? 1 : 0),
    count("AdminApiRequests", api.requests),
    count("AdminApiThrottled", api.throttled),
    { name: "RunDuration", unit: "Milliseconds", value: durationMs },
  ];
}
