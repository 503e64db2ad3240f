import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { harnessPerTest } from "../support/harness.js";
import { cert, DAY, NOW_SECONDS, org, project } from "../support/org-builder.js";

const start = harnessPerTest();
const HOUR = 3_600;
const PROJECTS_CRITICAL =
  "CRITICAL: left without a valid certificate (the next mutual-TLS request from these projects will fail):";

const emailOf = (input: PublishCommandInput | undefined): string =>
  (JSON.parse(input?.Message ?? "{}") as { email?: string }).email ?? "";

/**
 * Two projects whose expired certificate has a successor active beside it: proj_a's successor
 * only becomes valid in two days, proj_b's has been valid since yesterday. Nothing is active at
 * the organization level, which would otherwise stand in for both.
 */
const renewedProjects = () => ({
  ...org(
    [
      cert("cert_a_old", -1),
      cert("cert_a_next", 400, { created_at: NOW_SECONDS - DAY, valid_at: NOW_SECONDS + 2 * DAY }),
      cert("cert_b_old", -1),
      cert("cert_b_next", 400, { created_at: NOW_SECONDS - DAY, valid_at: NOW_SECONDS - DAY }),
    ],
    [project("proj_a"), project("proj_b")],
    { proj_a: ["cert_a_old", "cert_a_next"], proj_b: ["cert_b_old", "cert_b_next"] },
  ),
  orgActive: [],
});

describe("a project whose remaining certificate is not valid yet", () => {
  it("is flagged left without a valid certificate, critically, in the report and the email", async () => {
    const harness = await start({ organization: renewedProjects() });
    const result = await harness.run();

    // Both expired certificates are deactivated; each project keeps its successor active.
    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_a_next"]);
    expect(harness.sim.activeInProject("proj_b")).toEqual(["cert_b_next"]);
    const flags = result.report.projects.map((p) => [
      p.id,
      p.deactivated.map((c) => c.id),
      p.no_valid_certificate_left,
    ]);
    expect(flags).toEqual([
      ["proj_a", ["cert_a_old"], true],
      ["proj_b", ["cert_b_old"], false],
    ]);
    expect(result.report.counts.projects_without_valid_certificate).toBe(1);
    expect(result.report.severity).toBe("critical");
    expect(result.report.organization.no_valid_certificate_left).toBe(false);

    expect(harness.published).toHaveLength(1);
    const message = harness.published[0];
    expect(message?.MessageAttributes?.severity?.StringValue).toBe("critical");
    expect(message?.Subject).toMatch(/^OpenAI cert sweep: CRITICAL: 1 project left without/);
    const email = emailOf(message);
    expect(email).toMatch(/^CRITICAL: 1 project left without a valid certificate/);
    // proj_a, and only proj_a, is listed under the CRITICAL heading.
    expect(email).toContain(`${PROJECTS_CRITICAL}\n  - proj_a name (proj_a)\n\n`);
    expect(email).not.toContain("  - proj_b name (proj_b)\n\n");
  });

  it("is not flagged when its successor became valid at the very instant of the run", async () => {
    const organization = renewedProjects();
    const next = organization.certificates.find((c) => c.id === "cert_a_next");
    if (next) next.valid_at = NOW_SECONDS;
    const harness = await start({ organization });
    const result = await harness.run();

    expect(harness.sim.activeInProject("proj_a")).toEqual(["cert_a_next"]);
    expect(result.report.projects.every((p) => !p.no_valid_certificate_left)).toBe(true);
    expect(result.report.severity).toBe("high");
    expect(emailOf(harness.published[0])).not.toContain("CRITICAL");
  });
});

describe("the organization level left with a certificate not valid yet", () => {
  /** o_due expires in six hours; o_next, also active at the organization level, from `validAt`. */
  const organizationLevel = (validAt: number) =>
    org(
      [
        cert("cert_org_due", (6 * HOUR) / DAY, { valid_at: NOW_SECONDS - 400 * DAY }),
        cert("cert_org_next", 400, { created_at: NOW_SECONDS - DAY, valid_at: validAt }),
      ],
      [project("proj_c")],
      { proj_c: ["cert_org_next"] },
    );
  // Deactivating the last valid one is what these cases are about: the guard is off.
  const env = {
    DEACTIVATE_ORGANIZATION_CERTIFICATES: "true",
    PROTECT_LAST_VALID_CERTIFICATE: "false",
  };

  it("is flagged when the due one is deactivated and the only other one is not valid yet", async () => {
    const harness = await start({ organization: organizationLevel(NOW_SECONDS + DAY), env });
    const result = await harness.run();

    expect(harness.sim.snapshot().orgActive).toEqual(["cert_org_next"]);
    expect(result.report.organization.deactivated.map((c) => c.id)).toEqual(["cert_org_due"]);
    expect(result.report.organization.no_valid_certificate_left).toBe(true);
    expect(result.report.severity).toBe("critical");
    const email = emailOf(harness.published[0]);
    expect(email).toMatch(/^CRITICAL: the organization level left without a valid certificate/);
    expect(email).toContain("  - the organization level (for every project that relies on it)");
  });

  it("is not flagged when the other one is valid already", async () => {
    const harness = await start({ organization: organizationLevel(NOW_SECONDS - HOUR), env });
    const result = await harness.run();

    expect(harness.sim.snapshot().orgActive).toEqual(["cert_org_next"]);
    expect(result.report.organization.deactivated.map((c) => c.id)).toEqual(["cert_org_due"]);
    expect(result.report.organization.no_valid_certificate_left).toBe(false);
    expect(result.report.severity).toBe("high");
  });
});
