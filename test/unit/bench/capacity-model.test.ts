// The deployed defaults against the capacity model: the function's timeout (serverless.yml) and
// the default CONCURRENCY sweep an organization of 10,000 projects in one run when each Admin API
// round trip takes 100 to 250 ms, with the CPU per project measured at the deployed memory.
import { describe, expect, it } from "vitest";
import {
  type CapacityInput,
  deployedDefaults,
  measuredAt,
  msPerProject,
  projectsPerRun,
  stopPointMs,
} from "../../bench/capacity-model.js";
import { PLATFORM } from "../../support/platform.js";

const DEPLOYED = deployedDefaults();
const { timeoutSeconds: TIMEOUT_SECONDS, memoryMb: MEMORY_MB } = DEPLOYED;
const DEFAULT_CONCURRENCY = DEPLOYED.concurrency;

/** The benchmark's 10,000-project case, run on the CPU share Lambda gives MEMORY_MB. */
const measured = measuredAt(MEMORY_MB);

const deployed = (latencyMs: number): CapacityInput => ({
  timeoutSeconds: TIMEOUT_SECONDS,
  latencyMs,
  concurrency: DEFAULT_CONCURRENCY,
  deactivateCallsPerProject: measured.deactivateCallsPerProject,
  cpuMsPerProject: measured.cpuMsPerProject,
});

describe("the capacity model", () => {
  it("starts projects until the time budget's stop point", () => {
    expect(stopPointMs(900)).toBe(855_000);
    expect(stopPointMs(300)).toBe(255_000);
  });

  it("takes per project the larger of its round trips and its CPU", () => {
    const input = {
      timeoutSeconds: 900,
      latencyMs: 250,
      concurrency: 8,
      deactivateCallsPerProject: 0.2,
      cpuMsPerProject: 18,
    };
    expect(msPerProject(input)).toBe((250 * 1.2) / 8 + 2.5);
    expect(msPerProject({ ...input, latencyMs: 25 })).toBe(18);
    expect(projectsPerRun(input)).toBe(Math.floor(855_000 / 40));
  });
});

describe("the deployed defaults", () => {
  it("rest on a measurement of 10,000 projects at the deployed memory's CPU share, on the Lambda's Node", () => {
    expect(measured).toMatchObject({ projects: 10_000, ok: true });
    // Lambda's CPU share grows with memory: one vCPU at 1,769 MB.
    expect(measured.cpuShare).toBeCloseTo(MEMORY_MB / 1769, 3);
    expect(measured.node).toMatch(new RegExp(`^v${PLATFORM.lambdaRuntimeMajor}\\.`));
  });

  it.each([100, 150, 200, 250])(
    "sweep 10,000 projects in one run, with half as many again to spare, at %i ms a request",
    (latencyMs) => {
      expect(projectsPerRun(deployed(latencyMs))).toBeGreaterThanOrEqual(15_000);
    },
  );

  it("are the same for the Lambda (serverless.yml) and for the CLI (the code's default)", () => {
    expect(DEPLOYED.codeConcurrency).toBe(DEPLOYED.concurrency);
  });

  it("stay within Lambda's maximum timeout", () => {
    expect(TIMEOUT_SECONDS).toBeLessThanOrEqual(900);
  });
});
