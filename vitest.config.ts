import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/announce-node.ts"],
    // Suites start real loopback servers and, in e2e, child processes; keep them isolated per file.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
