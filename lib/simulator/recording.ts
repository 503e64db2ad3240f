// What the simulator saw: every request with its outcome, and how many overlapped, so tests can
// assert on the traffic the product sent (and its concurrency) from outside the server.
import type { ServerResponse } from "node:http";

export interface RecordedRequest {
  method: string;
  /** URL pathname, e.g. "/v1/organization/projects/proj_1/certificates". */
  path: string;
  /** Last value wins for repeated keys. */
  query: Record<string, string>;
  /** E.g. "limit=100&after=proj_9". */
  rawQuery: string;
  /** Parsed JSON for POST, or the raw string when it was not JSON; undefined for GET. */
  body: unknown;
  status: number | "reset" | "hang";
  /** Whether the bearer key was right; the key itself is never stored. */
  authorized: boolean;
  /** The `x-request-id` the answer carried; absent for a reset or a hang, which get no answer. */
  requestId?: string;
}

/** Until its answer is decided a record has no status and is not exposed. */
export type PendingRecord = Omit<RecordedRequest, "status"> & {
  status?: RecordedRequest["status"];
};

export interface RequestLog {
  /** Counts a request as in flight until its response closes. */
  track(res: ServerResponse): void;
  /** Keeps a record, filled in as the request proceeds. */
  add(record: PendingRecord): void;
  /** The records whose answer has been decided, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Highest number of requests being handled at once since start/reset. */
  readonly maxInFlight: number;
  /** Requests being handled now (tracked and not yet closed). */
  readonly inFlight: number;
  reset(): void;
}

/** An empty log. */
export function createRequestLog(): RequestLog {
  let records: PendingRecord[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    track(res) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.once("close", () => {
        inFlight -= 1;
      });
    },
    add(record) {
      records.push(record);
    },
    get requests() {
      return records.filter((record): record is RecordedRequest => record.status !== undefined);
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    reset() {
      records = [];
      // Requests still open (hanging ones) keep counting, so start from them rather than zero.
      maxInFlight = inFlight;
    },
  };
}
