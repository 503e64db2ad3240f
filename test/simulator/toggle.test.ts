import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimOrganization } from "../../lib/simulator/organization.js";
import { type Simulator, startSimulator } from "../../lib/simulator/server.js";

const KEY = "sk-admin-toggle-test-0000wxyz";
const IDS = Array.from({ length: 12 }, (_, index) => `cert_${String(index).padStart(2, "0")}`);

function organization(): SimOrganization {
  return {
    certificates: IDS.map((id, index) => ({ id, name: id, created_at: index, expires_at: 1_000 })),
    projects: [
      { id: "proj_live", name: "Live", created_at: 1, archived_at: null },
      { id: "proj_gone", name: "Gone", created_at: 2, archived_at: 3 },
    ],
    orgActive: [...IDS],
    projectActive: { proj_live: IDS.slice(0, 11), proj_gone: ["cert_00"] },
  };
}

let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({ adminKey: KEY, organization: organization() });
});

afterEach(async () => {
  await sim.close();
});

interface ToggleBody {
  object?: string;
  data?: { object: string; id: string; active: boolean; certificate_details: unknown }[];
  error?: { message: string; type: string; param: string | null; code: string | null };
}

async function toggle(
  action: "activate" | "deactivate",
  body: unknown,
  { project = "proj_live", contentType = "application/json", raw = JSON.stringify(body) } = {},
): Promise<{ status: number; body: ToggleBody }> {
  const response = await fetch(
    `${sim.url}/organization/projects/${project}/certificates/${action}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": contentType },
      body: raw,
    },
  );
  return { status: response.status, body: (await response.json()) as ToggleBody };
}

describe("POST /organization/projects/{project_id}/certificates/deactivate", () => {
  it("deactivates the named certificates and answers them in request order", async () => {
    const { status, body } = await toggle("deactivate", {
      certificate_ids: ["cert_02", "cert_01"],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      object: "organization.project.certificate.deactivation",
      data: [
        {
          object: "organization.project.certificate",
          id: "cert_02",
          name: "cert_02",
          created_at: 2,
          certificate_details: { expires_at: 1_000 },
          active: false,
        },
        expect.objectContaining({ id: "cert_01", active: false }),
      ],
    });
    expect(sim.activeInProject("proj_live")).not.toContain("cert_01");
    expect(sim.activeInProject("proj_live")).not.toContain("cert_02");
    expect(sim.activeInProject("proj_live")).toContain("cert_03");
    // Other projects and the organization level are untouched.
    expect(sim.snapshot().orgActive).toEqual(IDS);
  });

  it("is idempotent: deactivating an inactive certificate succeeds", async () => {
    await toggle("deactivate", { certificate_ids: ["cert_05"] });
    const again = await toggle("deactivate", { certificate_ids: ["cert_05", "cert_11"] });
    expect(again.status).toBe(200);
    expect(again.body.data?.map((cert) => [cert.id, cert.active])).toEqual([
      ["cert_05", false],
      ["cert_11", false],
    ]);
  });

  it("flips the active flag seen by the project list", async () => {
    await toggle("deactivate", { certificate_ids: ["cert_00"] });
    const response = await fetch(
      `${sim.url}/organization/projects/proj_live/certificates?order=asc&limit=2`,
      { headers: { authorization: `Bearer ${KEY}` } },
    );
    const list = (await response.json()) as ToggleBody;
    expect(list.data?.map((cert) => [cert.id, cert.active])).toEqual([
      ["cert_00", false],
      ["cert_01", true],
    ]);
  });

  it("works in an archived project, where stale certificates can still be active", async () => {
    const { status } = await toggle(
      "deactivate",
      { certificate_ids: ["cert_00"] },
      { project: "proj_gone" },
    );
    expect(status).toBe(200);
    expect(sim.activeInProject("proj_gone")).toEqual([]);
  });

  it("accepts exactly 10 ids", async () => {
    const { status } = await toggle("deactivate", { certificate_ids: IDS.slice(0, 10) });
    expect(status).toBe(200);
    expect(sim.activeInProject("proj_live")).toEqual(["cert_10"]);
  });

  it.each([
    ["no ids", { certificate_ids: [] }, "certificate_ids"],
    ["11 ids", { certificate_ids: IDS.slice(0, 11) }, "certificate_ids"],
    ["a duplicate id", { certificate_ids: ["cert_01", "cert_02", "cert_01"] }, "certificate_ids"],
    ["`data` instead of certificate_ids", { data: ["cert_01"] }, "certificate_ids"],
    ["an extra field", { certificate_ids: ["cert_01"], data: ["cert_01"] }, "data"],
    ["an empty id", { certificate_ids: ["cert_01", ""] }, "certificate_ids"],
    ["a non-string id", { certificate_ids: ["cert_01", 7] }, "certificate_ids"],
    ["ids that are not an array", { certificate_ids: "cert_01" }, "certificate_ids"],
    ["a body that is not an object", ["cert_01"], null],
  ])("rejects %s with 400 and changes nothing", async (_case, body, param) => {
    const { status, body: answer } = await toggle("deactivate", body);
    expect(status).toBe(400);
    expect(answer.error).toMatchObject({ type: "invalid_request_error", param });
    expect(sim.activeInProject("proj_live")).toEqual(IDS.slice(0, 11));
  });

  it("rejects unknown certificate ids with 404 and applies none of the known ones", async () => {
    const { status, body } = await toggle("deactivate", {
      certificate_ids: ["cert_01", "cert_unknown"],
    });
    expect(status).toBe(404);
    expect(body.error?.message).toContain("cert_unknown");
    expect(sim.activeInProject("proj_live")).toContain("cert_01");
  });

  it("answers 404 for an unknown project", async () => {
    const { status } = await toggle(
      "deactivate",
      { certificate_ids: ["cert_01"] },
      { project: "proj_x" },
    );
    expect(status).toBe(404);
  });

  it("requires Content-Type: application/json", async () => {
    const { status } = await toggle(
      "deactivate",
      { certificate_ids: ["cert_01"] },
      { contentType: "text/plain" },
    );
    expect(status).toBe(400);
    expect(sim.activeInProject("proj_live")).toContain("cert_01");
  });

  it("answers 400 for malformed JSON and records the raw text", async () => {
    const { status, body } = await toggle("deactivate", undefined, {
      raw: '{"certificate_ids": [',
    });
    expect(status).toBe(400);
    expect(body.error?.type).toBe("invalid_request_error");
    expect(sim.requests.at(-1)?.body).toBe('{"certificate_ids": [');
  });
});

describe("POST /organization/projects/{project_id}/certificates/activate", () => {
  it("activates certificates and answers with the activation object", async () => {
    const { status, body } = await toggle("activate", { certificate_ids: ["cert_11"] });
    expect(status).toBe(200);
    expect(body.object).toBe("organization.project.certificate.activation");
    expect(body.data?.map((cert) => [cert.id, cert.active])).toEqual([["cert_11", true]]);
    expect(sim.activeInProject("proj_live")).toEqual(IDS);
  });
});

async function toggleOrganization(
  action: "activate" | "deactivate",
  body: unknown,
): Promise<{ status: number; body: ToggleBody }> {
  const response = await fetch(`${sim.url}/organization/certificates/${action}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as ToggleBody };
}

/** [id, active] for each certificate of the organization list, oldest first. */
async function organizationFlags(): Promise<[string, boolean][]> {
  const response = await fetch(`${sim.url}/organization/certificates?order=asc&limit=100`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  const list = (await response.json()) as ToggleBody;
  return (list.data ?? []).map((cert) => [cert.id, cert.active]);
}

describe("POST /organization/certificates/deactivate", () => {
  it("turns the organization-level flag off and leaves project-level activation alone", async () => {
    const { status, body } = await toggleOrganization("deactivate", {
      certificate_ids: ["cert_03", "cert_01"],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      object: "organization.certificate.deactivation",
      data: [
        {
          object: "organization.certificate",
          id: "cert_03",
          name: "cert_03",
          created_at: 3,
          certificate_details: { expires_at: 1_000 },
          active: false,
        },
        expect.objectContaining({ object: "organization.certificate", id: "cert_01" }),
      ],
    });
    expect(body.data?.[1]?.active).toBe(false);
    const inactive = (await organizationFlags()).filter(([, active]) => !active);
    expect(inactive.map(([id]) => id)).toEqual(["cert_01", "cert_03"]);
    expect(sim.activeInProject("proj_live")).toEqual(IDS.slice(0, 11));
    expect(sim.activeInProject("proj_gone")).toEqual(["cert_00"]);
  });

  it("is idempotent: deactivating an inactive certificate succeeds", async () => {
    await toggleOrganization("deactivate", { certificate_ids: ["cert_05"] });
    const again = await toggleOrganization("deactivate", {
      certificate_ids: ["cert_05", "cert_11"],
    });
    expect(again.status).toBe(200);
    expect(again.body.data?.map((cert) => [cert.id, cert.active])).toEqual([
      ["cert_05", false],
      ["cert_11", false],
    ]);
    expect(sim.snapshot().orgActive).toEqual(
      IDS.filter((id) => id !== "cert_05" && id !== "cert_11"),
    );
  });

  it.each([
    ["11 ids", { certificate_ids: IDS.slice(0, 11) }, "certificate_ids"],
    ["`data` instead of certificate_ids", { data: ["cert_01"] }, "certificate_ids"],
    ["no ids", { certificate_ids: [] }, "certificate_ids"],
  ])("rejects %s with 400 and changes nothing", async (_case, body, param) => {
    const { status, body: answer } = await toggleOrganization("deactivate", body);
    expect(status).toBe(400);
    expect(answer.error).toMatchObject({ type: "invalid_request_error", param });
    expect(sim.snapshot().orgActive).toEqual(IDS);
  });

  it("rejects unknown certificate ids with 404 and applies none of the known ones", async () => {
    const { status, body } = await toggleOrganization("deactivate", {
      certificate_ids: ["cert_01", "cert_unknown"],
    });
    expect(status).toBe(404);
    expect(body.error?.message).toContain("cert_unknown");
    expect(sim.snapshot().orgActive).toEqual(IDS);
  });

  it("answers 405 with Allow: POST to a GET, as the other POST-only routes do", async () => {
    for (const action of ["deactivate", "activate"]) {
      const response = await fetch(`${sim.url}/organization/certificates/${action}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
    expect(sim.snapshot().orgActive).toEqual(IDS);
  });
});

describe("POST /organization/certificates/activate", () => {
  it("activates certificates at organization level and answers with the activation object", async () => {
    await toggleOrganization("deactivate", { certificate_ids: ["cert_11", "cert_04"] });
    const { status, body } = await toggleOrganization("activate", { certificate_ids: ["cert_11"] });
    expect(status).toBe(200);
    expect(body.object).toBe("organization.certificate.activation");
    expect(body.data?.map((cert) => [cert.object, cert.id, cert.active])).toEqual([
      ["organization.certificate", "cert_11", true],
    ]);
    const inactive = (await organizationFlags()).filter(([, active]) => !active);
    expect(inactive.map(([id]) => id)).toEqual(["cert_04"]);
    expect(sim.activeInProject("proj_live")).toEqual(IDS.slice(0, 11));
  });
});
