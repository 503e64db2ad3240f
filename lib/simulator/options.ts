// How a simulator is configured; read per request, so it stays a plain object the caller owns.
import type { FaultRule } from "./faults.js";
import type { SimOrganization } from "./organization.js";

export interface SimulatorOptions {
  adminKey: string;
  /** The loopback port to listen on; 0 (the default) lets the system pick a free one. */
  port?: number;
  /** Deep-copied at start; the simulator owns its state. */
  organization: SimOrganization;
  /** Added before every answer (default 0). */
  latencyMs?: number;
  faults?: FaultRule[];
  /**
   * Requests the server handles at once; one arriving beyond this is answered 429 with
   * `Retry-After` (after the same latency), like an API's concurrency limit. Omitted: no limit.
   */
  maxInFlight?: number;
  /** The `Retry-After` seconds sent with a 429 from `maxInFlight` (default 1). */
  throttleRetryAfterSeconds?: number;
  /** Called as each request arrives. */
  onRequest?: (request: { method: string; path: string }) => void;
}
