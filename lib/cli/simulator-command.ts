// `cert-sweep simulator`: the built-in Admin API simulator with the demo organization, served on
// loopback until Ctrl-C, so that plan and an interactive apply can be tried from another shell.
import { randomBytes } from "node:crypto";
import { demoOrganization } from "../simulator/demo-org.js";
import type { SimOrganization } from "../simulator/organization.js";
import { startSimulator } from "../simulator/server.js";
import type { CliArgs } from "./args.js";
import type { CliIo } from "./io.js";

/** The demo organization with `count` more projects, each with one healthy certificate. */
function withExtraProjects(organization: SimOrganization, count: number): SimOrganization {
  const healthy = "cert_checkout_edge_2026";
  const extra = Array.from({ length: count }, (_, i) => ({
    id: `proj_extra_${String(i + 1).padStart(5, "0")}`,
    name: `Extra project ${i + 1}`,
    created_at: organization.projects[0]?.created_at ?? 0,
    archived_at: null,
  }));
  const projectActive = { ...organization.projectActive };
  for (const p of extra) projectActive[p.id] = [healthy];
  return { ...organization, projects: [...organization.projects, ...extra], projectActive };
}

export async function runSimulatorCommand(args: CliArgs, io: CliIo): Promise<number> {
  const { port, extraProjects, latencyMs } = args.simulator;
  const adminKey = `sk-admin-demo-${randomBytes(16).toString("hex")}`;
  const organization = withExtraProjects(
    demoOrganization(Math.floor(io.now() / 1000)),
    extraProjects,
  );
  const simulator = await startSimulator({ adminKey, organization, port, latencyMs });
  try {
    io.stdout(
      [
        `The built-in OpenAI Admin API simulator serves a demo organization (${organization.projects.length} projects, ${organization.certificates.length} certificates) at ${simulator.url}.`,
        "Paste these into another shell, then run cert-sweep plan, or cert-sweep apply there:",
        "",
        `export OPENAI_BASE_URL=${simulator.url}`,
        `export OPENAI_ADMIN_KEY=${adminKey}`,
        "",
        "Press Ctrl-C to stop it.",
        "",
      ].join("\n"),
    );
    await io.interrupted();
    io.stdout(`\nStopped the simulator after ${simulator.requests.length} requests.\n`);
    return 0;
  } finally {
    await simulator.close();
  }
}
