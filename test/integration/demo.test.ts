import { describe, expect, it } from "vitest";
import { runDemo } from "../../lib/demo/run-demo.js";

const quietLogger = { info: () => {}, error: () => {} };

async function demo(env: Record<string, string> = {}) {
  let output = "";
  const exitCode = await runDemo(env, {
    logger: quietLogger,
    publish: undefined,
    write: (text) => {
      output += text;
    },
  });
  return { exitCode, output };
}

describe("npm start (the quick start)", () => {
  it("runs a real sweep of the demo organization and prints what it did", async () => {
    const { exitCode, output } = await demo();

    expect(exitCode).toBe(0);
    expect(output).toContain("Deactivated 3 certificates in 3 projects");
    expect(output).toMatch(/payments-gateway-ca-2025 \(cert_payments_gateway_2025\), expired/);
    expect(output).toContain("9 days left");
    expect(output).toContain("Unknown expiry (never deactivated)");
    expect(output).toContain("Skipped: 1 archived");
    expect(output).toContain("SNS_TOPIC_ARN is not set, so the report went to this terminal only.");
  });

  it("honours the same settings as the Lambda, such as DRY_RUN", async () => {
    const { exitCode, output } = await demo({ DRY_RUN: "true" });

    expect(exitCode).toBe(0);
    expect(output).toContain("Dry run: would deactivate 3 certificates in 3 projects");
    expect(output).toContain("0 POST deactivate");
  });

  it("exits non-zero with the reason when the settings are invalid", async () => {
    await expect(demo({ CONCURRENCY: "0" })).rejects.toThrow(/CONCURRENCY must be a whole number/);
  });
});
