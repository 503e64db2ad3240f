import { describe, expect, it } from "vitest";
import type { AdminKeyProvider } from "../../lib/secrets.js";
import { ADMIN_KEY, harnessPerTest } from "../support/harness.js";
import { largeOrg } from "../support/org-builder.js";

const start = harnessPerTest();
const OLD_KEY = "sk-admin-OLD-rotated-away-0123456789";
const NEW_KEY = "sk-admin-NEW-after-rotation-98765";

/** A secret that holds `keys[n]` after the nth invalidation, recording each read. */
function rotatingSecret(keys: string[]) {
  let version = 0;
  const reads: string[] = [];
  const provider: AdminKeyProvider = {
    get: async () => {
      const key = keys[Math.min(version, keys.length - 1)] ?? "";
      reads.push(key);
      return key;
    },
    invalidate: () => {
      version += 1;
    },
  };
  return { provider, reads };
}

const fiveProjects = () => largeOrg({ projects: 5, expiring: 1, activeIn: () => [0, 40] });

describe("a rejected key", () => {
  it("is read again once: a key rotated before the run sweeps with the new key", async () => {
    const harness = await start({ organization: fiveProjects() });
    const secret = rotatingSecret([OLD_KEY, ADMIN_KEY]);
    const result = await harness.run({}, { adminKey: secret.provider });

    expect(result.ok).toBe(true);
    expect(secret.reads).toEqual([OLD_KEY, ADMIN_KEY]);
    expect(result.report.counts.certificates_deactivated).toBe(5);
    expect(result.report.errors).toEqual([]);
    expect(harness.sim.requests[0]?.authorized).toBe(false);
    expect(JSON.stringify([result.report, harness.logs, harness.published])).not.toContain("OLD");
  });

  it("fails the run when the secret still holds the same key, after one more read", async () => {
    const harness = await start({ organization: fiveProjects() });
    const secret = rotatingSecret([OLD_KEY]);
    const result = await harness.run({}, { adminKey: secret.provider });

    expect(result.ok).toBe(false);
    expect(secret.reads).toEqual([OLD_KEY, OLD_KEY]);
    expect(result.report.errors.map((e) => e.stage)).toEqual(["authentication"]);
    expect(harness.sim.requests).toHaveLength(1);
  });

  it("rotated mid-run: keeps what was deactivated before, finishes with the new key, within the cap", async () => {
    const harness = await start({
      organization: fiveProjects(),
      env: { CONCURRENCY: "1", MAX_DEACTIVATIONS_PER_RUN: "5" },
      // The key is rotated right after the first deactivation arrives.
      onRequest: (request) => {
        if (request.method === "POST") harness.sim.rotateAdminKey(NEW_KEY);
      },
    });
    const secret = rotatingSecret([ADMIN_KEY, NEW_KEY]);
    const result = await harness.run({}, { adminKey: secret.provider });

    expect(secret.reads).toEqual([ADMIN_KEY, NEW_KEY]);
    expect(result.report.errors).toEqual([]);
    expect(result.ok).toBe(true);
    // All five, one of them by the first attempt, none twice.
    expect(result.report.counts.certificates_deactivated).toBe(5);
    const deactivated = result.report.projects.flatMap((p) => p.deactivated.map(() => p.id));
    expect(new Set(deactivated).size).toBe(5);
    for (let i = 0; i < 5; i++) {
      expect(harness.sim.activeInProject(`proj_00${i}`)).toEqual(["cert_40"]);
    }
    const posts = harness.sim.requests.filter((r) => r.method === "POST" && r.status === 200);
    expect(posts).toHaveLength(5);
  });
});

describe("a key rotated mid-run, as the report and the operator see it", () => {
  const rotatedOnFirstPost = async (env: Record<string, string> = {}) => {
    const harness = await start({
      // Nothing active at the organization level, which would keep every project served.
      organization: { ...fiveProjects(), orgActive: [] },
      env: { CONCURRENCY: "1", MAX_DEACTIVATIONS_PER_RUN: "5", ...env },
      onRequest: (request) => {
        if (request.method === "POST") harness.sim.rotateAdminKey(NEW_KEY);
      },
    });
    return harness;
  };

  it("flags no project critical: the one deactivated by the first attempt keeps its valid certificate", async () => {
    const harness = await rotatedOnFirstPost();
    const result = await harness.run(
      {},
      { adminKey: rotatingSecret([ADMIN_KEY, NEW_KEY]).provider },
    );

    expect(result.report.counts.projects_without_valid_certificate).toBe(0);
    expect(result.report.projects.every((p) => !p.no_valid_certificate_left)).toBe(true);
    expect(result.report.severity).toBe("high");
  });

  it("asks the operator once; the second attempt carries out the plan already approved", async () => {
    const harness = await rotatedOnFirstPost();
    const answers = [true, false];
    let asked = 0;
    const result = await harness.run(
      {},
      { adminKey: rotatingSecret([ADMIN_KEY, NEW_KEY]).provider },
      {
        confirm: async () => {
          asked += 1;
          return answers.shift() ?? false;
        },
      },
    );

    expect(asked).toBe(1);
    expect(result.report.counts.certificates_deactivated).toBe(5);
    expect(harness.published).toHaveLength(1);
  });
});
