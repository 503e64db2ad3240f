#!/usr/bin/env node
// The `cert-sweep` executable: checks the Node it runs on, turns source maps on, then loads the CLI
// bundle, so that a --verbose stack trace names source files and lines (maps apply only to code
// loaded afterwards).
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(
    `cert-sweep: needs Node.js 22 or later, but ${process.execPath} is ${process.version}; run it with a newer node (in a clone of the repository, npx cert-sweep uses the project's own Node 24)\n`,
  );
  process.exit(1);
}
process.setSourceMapsEnabled(true);
// @ts-expect-error The bundle is built next to this file (dist/cli/), not type-checked from here.
await import("./cert-sweep-main.mjs");
