#!/usr/bin/env node
// The `cert-sweep` executable: turns source maps on, then loads the CLI bundle, so that a
// --verbose stack trace names source files and lines (maps apply only to code loaded afterwards).
process.setSourceMapsEnabled(true);
// @ts-expect-error The bundle is built next to this file (dist/cli/), not type-checked from here.
await import("./cert-sweep-main.mjs");
