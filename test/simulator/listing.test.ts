import { afterEach, describe, expect, it } from "vitest";
import type { SimCertificate, SimOrganization } from "../../lib/simulator/organization.js";
import { type Simulator, startSimulator } from "../../lib/simulator/server.js";

const KEY = "sk-admin-listing-test-0000wxyz";
const running: Simulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function start(organization: SimOrganization): Promise<Simulator> {
  const sim = await startSimulator({ adminKey: KEY, organization });
  running.push(sim);
  return sim;
}

/** The parts of list and error bodies these tests read; exact shapes are checked with toEqual. */
interface Body {
  data: { id: string; object: string; active?: boolean; certificate_details?: unknown }[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
  error: { message: string; type: string; param: string | null; code: string | null };
}

async function get(sim: Simulator, path: string): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${sim.url}${path}`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  return { status: response.status, body: (await response.json()) as Body };
}

/** `count` certificates, cert_000.., created one second apart starting at 1_700_000_000. */
function manyCertificates(count: number): SimCertificate[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `cert_${String(index).padStart(3, "0")}`,
    name: `cert ${index}`,
    created_at: 1_700_000_000 + index,
    expires_at: 1_800_000_000,
  }));
}

function org(partial: Partial<SimOrganization>): SimOrganization {
  return { certificates: [], projects: [], orgActive: [], projectActive: {}, ...partial };
}

describe("GET /organization/certificates", () => {
  it("serves each certificate in the spec's shape, with details only when set", async () => {
    const sim = await start(
      org({
        certificates: [
          { id: "cert_a", name: "a", created_at: 100, valid_at: 90, expires_at: 200 },
          { id: "cert_b", name: null, created_at: 50 },
        ],
        orgActive: ["cert_a"],
      }),
    );
    const { status, body } = await get(sim, "/organization/certificates");
    expect(status).toBe(200);
    expect(body).toEqual({
      object: "list",
      data: [
        {
          object: "organization.certificate",
          id: "cert_a",
          name: "a",
          created_at: 100,
          certificate_details: { valid_at: 90, expires_at: 200 },
          active: true,
        },
        {
          object: "organization.certificate",
          id: "cert_b",
          name: null,
          created_at: 50,
          certificate_details: {},
          active: false,
        },
      ],
      first_id: "cert_a",
      last_id: "cert_b",
      has_more: false,
    });
  });

  it("serves odd expires_at values verbatim so clients must validate them", async () => {
    const odd: unknown[] = [null, "2026-01-01", 1_800_000_000_000];
    const certificates = odd.map((expires_at, index) => ({
      id: `cert_${index}`,
      name: null,
      created_at: index,
      expires_at,
    }));
    const sim = await start(org({ certificates }));
    const { body } = await get(sim, "/organization/certificates?order=asc");
    expect(body.data.map((cert) => cert.certificate_details)).toEqual(
      odd.map((expires_at) => ({ expires_at })),
    );
  });

  it("pages through more than 100 certificates with limit, after, has_more and last_id", async () => {
    const sim = await start(org({ certificates: manyCertificates(130) }));
    const first = await get(sim, "/organization/certificates?limit=100&order=asc");
    expect(first.body.data).toHaveLength(100);
    expect(first.body).toMatchObject({ first_id: "cert_000", last_id: "cert_099", has_more: true });

    const second = await get(sim, `/organization/certificates?limit=100&order=asc&after=cert_099`);
    expect(second.body.data.map((cert) => cert.id)).toEqual(
      manyCertificates(130)
        .slice(100)
        .map((cert) => cert.id),
    );
    expect(second.body).toMatchObject({
      first_id: "cert_100",
      last_id: "cert_129",
      has_more: false,
    });

    // A page that ends exactly on the last item has nothing more after it.
    const exact = await get(sim, "/organization/certificates?limit=30&order=asc&after=cert_099");
    expect(exact.body).toMatchObject({ last_id: "cert_129", has_more: false });

    const empty = await get(sim, "/organization/certificates?order=asc&after=cert_129");
    expect(empty.body).toEqual({
      object: "list",
      data: [],
      first_id: null,
      last_id: null,
      has_more: false,
    });
  });

  it("defaults to 20 items, newest first, with ties on created_at broken by id", async () => {
    const certificates = [
      ...manyCertificates(25),
      { id: "cert_tie_b", name: null, created_at: 1_800_000_000 },
      { id: "cert_tie_a", name: null, created_at: 1_800_000_000 },
    ];
    const sim = await start(org({ certificates }));
    const { body } = await get(sim, "/organization/certificates");
    expect(body.data).toHaveLength(20);
    expect(body.data.slice(0, 3).map((cert) => cert.id)).toEqual([
      "cert_tie_b",
      "cert_tie_a",
      "cert_024",
    ]);
    expect(body.has_more).toBe(true);
    const asc = await get(sim, "/organization/certificates?order=asc&after=cert_024");
    expect(asc.body.data.map((cert) => cert.id)).toEqual(["cert_tie_a", "cert_tie_b"]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["limit=2.5", "limit"],
    ["after=cert_missing", "after"],
    ["order=sideways", "order"],
  ])("rejects %s with 400 naming the parameter", async (query, param) => {
    const sim = await start(org({ certificates: manyCertificates(3) }));
    const { status, body } = await get(sim, `/organization/certificates?${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: "invalid_request_error", param });
    expect(typeof body.error.message).toBe("string");
  });
});

describe("GET /organization/projects", () => {
  const projects = [
    { id: "proj_b", name: "B", created_at: 20, archived_at: null },
    { id: "proj_old", name: "Old", created_at: 5, archived_at: 30 },
    { id: "proj_a", name: null, created_at: 10, archived_at: null },
  ];

  it("lists active projects oldest first and leaves archived ones out by default", async () => {
    const sim = await start(org({ projects }));
    const { body } = await get(sim, "/organization/projects");
    expect(body).toEqual({
      object: "list",
      data: [
        {
          id: "proj_a",
          object: "organization.project",
          name: null,
          created_at: 10,
          archived_at: null,
          status: "active",
        },
        {
          id: "proj_b",
          object: "organization.project",
          name: "B",
          created_at: 20,
          archived_at: null,
          status: "active",
        },
      ],
      first_id: "proj_a",
      last_id: "proj_b",
      has_more: false,
    });
  });

  it("includes archived projects with include_archived=true", async () => {
    const sim = await start(org({ projects }));
    const { body } = await get(sim, "/organization/projects?include_archived=true&limit=1");
    expect(body.data).toEqual([expect.objectContaining({ id: "proj_old", status: "archived" })]);
    expect(body.has_more).toBe(true);
    const next = await get(sim, "/organization/projects?include_archived=true&after=proj_old");
    expect(next.body.data.map((project) => project.id)).toEqual(["proj_a", "proj_b"]);
  });

  it.each([
    ["include_archived=yes", "include_archived"],
    ["after=proj_old", "after"], // archived, so not in the default list
    ["limit=-1", "limit"],
  ])("rejects %s with 400 naming the parameter", async (query, param) => {
    const sim = await start(org({ projects }));
    const { status, body } = await get(sim, `/organization/projects?${query}`);
    expect(status).toBe(400);
    expect(body.error.param).toBe(param);
  });
});

describe("GET /organization/projects/{project_id}/certificates", () => {
  it("lists every org certificate flagged by whether it is active in that project", async () => {
    const sim = await start(
      org({
        certificates: manyCertificates(3),
        projects: [{ id: "proj_1", name: "One", created_at: 1, archived_at: null }],
        orgActive: ["cert_000", "cert_001", "cert_002"],
        projectActive: { proj_1: ["cert_001"] },
      }),
    );
    const { body } = await get(sim, "/organization/projects/proj_1/certificates?order=asc");
    expect(body.data.map((cert) => [cert.object, cert.id, cert.active])).toEqual([
      ["organization.project.certificate", "cert_000", false],
      ["organization.project.certificate", "cert_001", true],
      ["organization.project.certificate", "cert_002", false],
    ]);
    expect(body).toMatchObject({ first_id: "cert_000", last_id: "cert_002", has_more: false });
  });

  it("answers 404 for an unknown project", async () => {
    const sim = await start(org({ certificates: manyCertificates(1) }));
    const { status, body } = await get(sim, "/organization/projects/proj_nope/certificates");
    expect(status).toBe(404);
    expect(body.error.type).toBe("invalid_request_error");
  });
});
