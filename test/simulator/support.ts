import { afterEach } from "vitest";
import type { SimOrganization } from "../../lib/simulator/organization.js";
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../lib/simulator/server.js";

/** One certificate active in one project: enough for tests of the server's plumbing. */
export function tinyOrganization(): SimOrganization {
  return {
    certificates: [{ id: "cert_1", name: "one", created_at: 1, expires_at: 10 }],
    projects: [{ id: "proj_1", name: "One", created_at: 1, archived_at: null }],
    orgActive: ["cert_1"],
    projectActive: { proj_1: ["cert_1"] },
  };
}

/** A `start` for a test file: simulators with `adminKey` and the tiny organization, closed after each test. */
export function simulatorPerTest(
  adminKey: string,
): (options?: Partial<SimulatorOptions>) => Promise<Simulator> {
  const running: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
  });
  return async (options = {}) => {
    const sim = await startSimulator({ adminKey, organization: tinyOrganization(), ...options });
    running.push(sim);
    return sim;
  };
}
