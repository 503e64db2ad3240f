// The child process of `npm run bench`, plain JavaScript so that no TypeScript loader sits in its
// memory. First it invokes the built Lambda bundle once, like the Lambda runtime would, with the
// environment the driver set (a fresh process, so its peak RSS is the bundle's). Then, unless told
// not to, it runs the sequential baseline in the same process: the cron script one would write
// with the official `openai` package (default page size, SDK auto-pagination, one request at a
// time), against a second simulator. Prints one line: `BENCH {json}`.
//
// Usage: node sweeper.mjs '{"bundle": "/abs/dist/sweep/index.mjs",
//                           "sequential": {"baseURL": "...", "adminKey": "...", "withinDays": 1}}'
import { pathToFileURL } from "node:url";

const DAY_SECONDS = 86_400;
const IDS_PER_CALL = 10;
const SAMPLE_EVERY_MS = 20;
const BUDGET_MS = 15 * 60_000;

const options = JSON.parse(process.argv[2] ?? "{}");

// The highest RSS seen by sampling since the last reset; maxRSS cannot be reset between phases.
let sampledPeak = 0;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
}, SAMPLE_EVERY_MS);

async function optimized() {
  const { handler } = await import(pathToFileURL(options.bundle).href);
  const deadline = Date.now() + BUDGET_MS;
  const context = {
    awsRequestId: "bench",
    functionName: "openai-cert-sweeper-bench-sweep",
    memoryLimitInMB: "256",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  sampledPeak = process.memoryUsage.rss();
  const started = performance.now();
  let outcome;
  try {
    outcome = { ok: true, summary: await handler({ id: "bench" }, context) };
  } catch (error) {
    // The handler throws when the run failed; the figures still count, flagged as a failure.
    outcome = { ok: false, error: `${error?.name}: ${error?.message}` };
  }
  const wallMs = performance.now() - started;
  return {
    ...outcome,
    wallMs,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    sampledPeakRssBytes: Math.max(sampledPeak, process.memoryUsage.rss()),
  };
}

/** A plain sweep, one request at a time, as a home-made cron script would do it. */
async function sequential({ baseURL, adminKey, withinDays }) {
  const { default: OpenAI } = await import("openai");
  const client = new OpenAI({ adminAPIKey: adminKey, baseURL });
  const projects = client.admin.organization.projects;
  sampledPeak = process.memoryUsage.rss();
  const started = performance.now();
  const windowEnd = Math.floor(Date.now() / 1000) + withinDays * DAY_SECONDS;
  let scanned = 0;
  let deactivated = 0;
  let outcome = { ok: true };
  try {
    for await (const project of projects.list()) {
      const due = [];
      for await (const certificate of projects.certificates.list(project.id)) {
        const expiresAt = certificate.certificate_details?.expires_at;
        if (certificate.active && typeof expiresAt === "number" && expiresAt <= windowEnd) {
          due.push(certificate.id);
        }
      }
      for (let i = 0; i < due.length; i += IDS_PER_CALL) {
        const chunk = due.slice(i, i + IDS_PER_CALL);
        await projects.certificates.deactivate(project.id, { certificate_ids: chunk });
        deactivated += chunk.length;
      }
      scanned += 1;
    }
  } catch (error) {
    outcome = { ok: false, error: `${error?.name}: ${error?.message}` };
  }
  return {
    ...outcome,
    wallMs: performance.now() - started,
    sampledPeakRssBytes: Math.max(sampledPeak, process.memoryUsage.rss()),
    scanned,
    deactivated,
  };
}

const result = { node: process.version, optimized: await optimized() };
if (options.sequential) result.sequential = await sequential(options.sequential);
clearInterval(sampler);
// Exits explicitly: keep-alive sockets of either client must not hold the process open.
process.stdout.write(`BENCH ${JSON.stringify(result)}\n`, () => process.exit(0));
