import { defineConfig } from "vitest/config";

// Two projects, run one after the other by `npm test`: the suites, and the tests whose assertions
// depend on real time passing (latency, timeouts, how requests interleave), which run alone so
// that nothing else competes with them for the machine.
export default defineConfig({
  test: {
    globalSetup: ["test/support/announce-node.ts"],
    // Suites start real loopback servers and, in e2e, child processes; keep them isolated per file.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "suites", include: ["test/**/*.test.ts"], exclude: ["test/timing/**"] },
      },
      {
        extends: true,
        test: { name: "timing", include: ["test/timing/**/*.test.ts"], fileParallelism: false },
      },
    ],
  },
});
