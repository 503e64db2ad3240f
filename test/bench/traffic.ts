// What a simulator saw during one sweep, counted the way the targets are stated: requests by
// endpoint, 429s, and whether project listings overlapped the projects pages.
import type { RecordedRequest } from "../../lib/simulator/server.js";

export type Endpoint = "orgCertificates" | "projectPages" | "projectCertificates" | "deactivate";
export const ENDPOINTS: readonly Endpoint[] = [
  "orgCertificates",
  "projectPages",
  "projectCertificates",
  "deactivate",
];

export interface Traffic {
  /** Every request, 429s included. */
  total: number;
  /** Requests answered with anything but 429. */
  answered: number;
  throttled: number;
  /** Anything but 200 or 429 (resets, 4xx, 5xx); a sound sweep of the simulator has none. */
  otherFailures: number;
  /** Per endpoint: all requests, and how many of them were 429s. */
  byEndpoint: Record<Endpoint, { total: number; throttled: number }>;
  other: number;
  /** Arrival index of the first project certificate listing, and of the last projects page. */
  firstProjectListingAt: number | null;
  lastProjectPageAt: number | null;
}

/** Which endpoint a recorded request went to, or undefined for anything else. */
function endpointOf(request: Pick<RecordedRequest, "method" | "path">): Endpoint | undefined {
  const { method, path } = request;
  if (method === "GET" && path === "/v1/organization/certificates") return "orgCertificates";
  if (method === "GET" && path === "/v1/organization/projects") return "projectPages";
  if (/^\/v1\/organization\/projects\/[^/]+\/certificates$/.test(path)) {
    return method === "GET" ? "projectCertificates" : undefined;
  }
  if (
    method === "POST" &&
    /^\/v1\/organization\/projects\/[^/]+\/certificates\/deactivate$/.test(path)
  ) {
    return "deactivate";
  }
  return undefined;
}

/** Counts a simulator's recording, which is in arrival order. */
export function summarizeTraffic(requests: readonly RecordedRequest[]): Traffic {
  const byEndpoint = Object.fromEntries(
    ENDPOINTS.map((e) => [e, { total: 0, throttled: 0 }]),
  ) as Traffic["byEndpoint"];
  const traffic: Traffic = {
    total: requests.length,
    answered: 0,
    throttled: 0,
    otherFailures: 0,
    byEndpoint,
    other: 0,
    firstProjectListingAt: null,
    lastProjectPageAt: null,
  };
  requests.forEach((request, index) => {
    if (request.status === 429) traffic.throttled += 1;
    else traffic.answered += 1;
    if (request.status !== 200 && request.status !== 429) traffic.otherFailures += 1;
    const endpoint = endpointOf(request);
    if (endpoint === undefined) {
      traffic.other += 1;
      return;
    }
    byEndpoint[endpoint].total += 1;
    if (request.status === 429) byEndpoint[endpoint].throttled += 1;
    if (endpoint === "projectCertificates") traffic.firstProjectListingAt ??= index;
    if (endpoint === "projectPages") traffic.lastProjectPageAt = index;
  });
  return traffic;
}
