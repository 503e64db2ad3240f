// The fault matrix: one organization, one fault per case, and the same promises checked after
// every run. Nothing healthy is touched; every due certificate ends deactivated (and really
// inactive) or is reported (failed, not attempted, not scanned, or its listing failed); nothing
// changes without being reported; the run ends; and its outcome says whether it all went well.
import { describe, expect, it } from "vitest";
import type { FaultRule } from "../../lib/simulator/server.js";
import type { RunOutcome } from "../support/harness.js";
import { type Harness, harnessPerTest } from "../support/harness.js";
import { largeOrg, NOW_SECONDS } from "../support/org-builder.js";

const start = harnessPerTest();

// cert_00 and cert_01 are expired; cert_40 and cert_41 are healthy. Six projects.
const organization = () =>
  largeOrg({ projects: 6, expiring: 2, activeIn: (i) => [i % 2, 40, ...(i === 3 ? [1] : [41])] });
const DUE = new Set(["cert_00", "cert_01"]);

const PROJECT_CERTS = /\/organization\/projects\/proj_00[0-9]\/certificates$/;
const PROJECT_LIST = /\/organization\/projects$/;
const DEACTIVATE = /\/certificates\/deactivate$/;

const certificate = (id: string, details: unknown, extra: Record<string, unknown> = {}) => ({
  object: "organization.project.certificate",
  id,
  name: id,
  created_at: NOW_SECONDS,
  active: true,
  certificate_details: details,
  ...extra,
});
const page = (data: unknown[], extra: Record<string, unknown> = {}) => ({
  object: "list",
  data,
  first_id: null,
  last_id: null,
  has_more: false,
  ...extra,
});
const project = (id: string) => ({
  object: "organization.project",
  id,
  name: id,
  created_at: NOW_SECONDS,
  archived_at: null,
  status: "active",
});

/** `listed`: the projects the faulty API still lists (the others are out of the run's sight). */
type Expected = { fails: boolean; listed?: string[]; remainingMs?: number };

const cases: [string, FaultRule[], Expected][] = [
  [
    "a 429 storm with Retry-After",
    [{ kind: "rate_limit", times: 6, retryAfterSeconds: 1 }],
    { fails: false },
  ],
  [
    "a 429 storm without Retry-After",
    [
      {
        kind: "respond",
        status: 429,
        times: 6,
        body: {
          error: {
            message: "slow down",
            type: "requests",
            param: null,
            code: "rate_limit_exceeded",
          },
        },
      },
    ],
    { fails: false },
  ],
  [
    "a Retry-After of an hour (more than the sweep ever waits)",
    [{ kind: "rate_limit", path: PROJECT_CERTS, retryAfterSeconds: 3600 }],
    { fails: true },
  ],
  [
    "a Retry-After longer than the time left",
    [{ kind: "rate_limit", path: PROJECT_CERTS, retryAfterSeconds: 25 }],
    { fails: true, remainingMs: 20_000 },
  ],
  ...[500, 502, 503, 504].map((status): [string, FaultRule[], Expected] => [
    `${status}s that pass`,
    [{ kind: "server_error", status, times: 3 }],
    { fails: false },
  ]),
  ...[500, 502, 503, 504].map((status): [string, FaultRule[], Expected] => [
    `${status}s that persist on one project's deactivation`,
    [{ kind: "server_error", status, method: "POST", path: /proj_000\//, times: 50 }],
    { fails: true },
  ]),
  [
    "a request that hangs (the request timeout fires)",
    [{ kind: "hang", path: PROJECT_CERTS }],
    { fails: false },
  ],
  ["connection resets", [{ kind: "reset", times: 3 }], { fails: false }],
  [
    "a certificate with a wrong-typed expires_at",
    [
      {
        kind: "respond",
        path: PROJECT_CERTS,
        body: page([certificate("cert_00", { expires_at: "soon" })]),
      },
    ],
    { fails: false },
  ],
  [
    "a certificate with a null, then a missing certificate_details",
    [
      { kind: "respond", path: PROJECT_CERTS, body: page([certificate("cert_00", null)]) },
      { kind: "respond", path: PROJECT_CERTS, body: page([certificate("cert_01", undefined)]) },
    ],
    { fails: false },
  ],
  [
    "an absurd expires_at (milliseconds)",
    [
      {
        kind: "respond",
        path: PROJECT_CERTS,
        body: page([certificate("cert_00", { expires_at: Date.now() * 1000 })]),
      },
    ],
    { fails: false },
  ],
  [
    "extra fields everywhere",
    [
      {
        kind: "respond",
        path: PROJECT_CERTS,
        body: page([certificate("cert_00", { expires_at: 1, x: 1 }, { y: 2 })], { z: 3 }),
      },
    ],
    { fails: false },
  ],
  [
    "a body that is not JSON",
    [{ kind: "respond", path: PROJECT_CERTS, rawBody: '{"object": "list", "data": [' }],
    { fails: true },
  ],
  [
    "an HTML error page",
    [
      {
        kind: "respond",
        status: 502,
        path: PROJECT_CERTS,
        times: 50,
        rawBody: "<html>Bad gateway</html>",
      },
    ],
    { fails: true },
  ],
  [
    "a certificate without an id",
    [
      {
        kind: "respond",
        path: PROJECT_CERTS,
        body: page([{ ...certificate("x", {}), id: undefined }]),
      },
    ],
    { fails: true },
  ],
  [
    "has_more with a repeated cursor",
    [
      {
        kind: "respond",
        path: PROJECT_LIST,
        times: 100,
        body: page([project("proj_000")], { has_more: true, last_id: "proj_000" }),
      },
    ],
    { fails: true },
  ],
  [
    "has_more with no cursor",
    [{ kind: "respond", path: PROJECT_LIST, times: 100, body: page([], { has_more: true }) }],
    { fails: true },
  ],
  [
    "a project listed twice",
    [
      {
        kind: "respond",
        path: PROJECT_LIST,
        body: page(["proj_000", "proj_001", "proj_000"].map(project)),
      },
    ],
    { fails: false, listed: ["proj_000", "proj_001"] },
  ],
  [
    "a deactivation answer that omits an id",
    [
      {
        kind: "respond",
        method: "POST",
        path: DEACTIVATE,
        body: { object: "organization.project.certificate.deactivation", data: [] },
      },
    ],
    { fails: true },
  ],
  [
    "a deactivation answer that says the certificate is still active",
    [
      {
        kind: "respond",
        method: "POST",
        path: DEACTIVATE,
        body: {
          object: "organization.project.certificate.deactivation",
          data: [certificate("cert_00", { expires_at: 1 })],
        },
      },
    ],
    { fails: true },
  ],
];

function checkPromises(
  harness: Harness,
  result: RunOutcome,
  before: Record<string, string[]>,
  listed: string[] | undefined,
) {
  const { report } = result;
  const listingBroken = report.errors.some((e) => e.stage !== "read admin key");
  for (const [projectId, active] of Object.entries(before)) {
    if (listed && !listed.includes(projectId)) {
      // The API no longer lists it: out of the run's sight, and left alone.
      expect(harness.sim.activeInProject(projectId)).toEqual([...active].sort());
      continue;
    }
    const now = new Set(harness.sim.activeInProject(projectId));
    const entry = report.projects.find((p) => p.id === projectId);
    const reportedDeactivated = new Set(entry?.deactivated.map((c) => c.id));
    const reportedFailed = new Set(entry?.failures.flatMap((f) => f.certificates.map((c) => c.id)));
    const listFailed = entry?.failures.some((f) => f.stage === "list") ?? false;
    // What the API listed for the project decides: an unusable expiry is reported, never acted on.
    const unknownExpiry = new Set(entry?.unknown_expiry.map((c) => c.id));
    const notScanned = report.projects_not_scanned.some((p) => p.id === projectId);
    for (const id of active) {
      // Nothing changes without being reported, and what is reported happened.
      expect(reportedDeactivated.has(id), `${projectId}/${id}`).toBe(!now.has(id));
      if (!DUE.has(id)) {
        expect(now.has(id), `healthy ${projectId}/${id} left active`).toBe(true);
        continue;
      }
      const accounted =
        reportedDeactivated.has(id) ||
        reportedFailed.has(id) ||
        unknownExpiry.has(id) ||
        listFailed ||
        notScanned ||
        listingBroken;
      expect(accounted, `due ${projectId}/${id} deactivated or reported`).toBe(true);
    }
  }
  expect(result.ok).toBe(report.outcome !== "failed" && report.outcome !== "cap_exceeded");
}

describe("the fault matrix", () => {
  it.each(cases)("%s", async (_name, faults, expected) => {
    const org = organization();
    const startedAt = performance.now();
    const harness = await start({
      organization: org,
      faults,
      env: { MAX_DEACTIVATIONS_PER_RUN: "100" },
      requestTimeoutMs: 300,
      // Real time passing, from the instant the organization's expiry dates are written against.
      clock: { now: () => NOW_SECONDS * 1000 + (performance.now() - startedAt) },
      remainingTimeMs: expected.remainingMs ?? 60_000,
    });
    const result = await harness.run();

    // Within the time budget: the run and every wait it chose fit in what the Lambda had left.
    const waited = harness.sleeps.reduce((sum, ms) => sum + ms, 0);
    expect(result.summary.duration_ms + waited).toBeLessThan(expected.remainingMs ?? 60_000);
    checkPromises(harness, result, org.projectActive, expected.listed);
    expect(result.ok, JSON.stringify(result.report.errors)).toBe(!expected.fails);
    if (expected.fails) {
      const said = result.report.errors.length + result.report.counts.projects_failed;
      expect(said, "the outcome says what went wrong").toBeGreaterThan(0);
    }
  });
});
