import { afterEach, describe, expect, it, vi } from "vitest";
import { secretReader, snsPublisher } from "../../lib/aws.js";
import { SNS_SUBJECT_MAX_CHARS } from "../../lib/aws-limits.js";
import { cachedAdminKey } from "../../lib/secrets.js";
import { type AwsEndpoint, startAwsEndpoint } from "../support/aws-endpoint.js";
import { stubAwsEnvironment } from "../support/aws-env.js";
import { ADMIN_KEY, harnessPerTest, TOPIC_ARN } from "../support/harness.js";
import { cert, org, project } from "../support/org-builder.js";

// The report's way out through the real AWS SDK to a loopback endpoint that refuses what SNS and
// Secrets Manager refuse: what passes here would pass in AWS.
const start = harnessPerTest();
let aws: AwsEndpoint | undefined;

afterEach(async () => {
  vi.unstubAllEnvs();
  await aws?.close();
  aws = undefined;
});

async function awsEndpoint(options: Parameters<typeof startAwsEndpoint>[0]) {
  aws = await startAwsEndpoint({ topics: [TOPIC_ARN], ...options });
  stubAwsEnvironment(aws.url, "delivery");
  return aws;
}

/**
 * A run whose headline is long: a project left without a valid certificate, another whose
 * deactivation keeps failing, and several deactivations. Its Subject used to come out at exactly
 * 100 characters, which SNS refuses (a Subject must be fewer than 100).
 */
const criticalAndFailing = () =>
  org(
    [cert("cert_old", -2), cert("cert_last", -1), cert("cert_stuck", -3)],
    [project("proj_a"), project("proj_b"), project("proj_last"), project("proj_stuck")],
    {
      proj_a: ["cert_old"],
      proj_b: ["cert_old"],
      proj_last: ["cert_last"],
      proj_stuck: ["cert_stuck"],
    },
  );

describe("publishing through an endpoint as strict as SNS", () => {
  it("delivers the report of a critical, failing run: its Subject is within SNS's 99 characters", async () => {
    const endpoint = await awsEndpoint({});
    const harness = await start({
      organization: criticalAndFailing(),
      faults: [
        { kind: "server_error", status: 500, method: "POST", path: "proj_stuck", times: 100 },
      ],
    });
    const result = await harness.run({}, { publish: snsPublisher(TOPIC_ARN) });

    // The run fails for the stuck project, not for its report: the report got through.
    expect(result.ok).toBe(false);
    expect(result.report.severity).toBe("critical");
    expect(result.summary.published_messages).toBe(1);
    expect(result.ok ? "" : result.error.message).not.toContain("PublishError");
    expect(endpoint.publishes).toHaveLength(1);
    const subject = endpoint.publishes[0]?.subject ?? "";
    expect(subject).toMatch(/^OpenAI cert sweep: CRITICAL: 3 projects left without/);
    expect(subject.length).toBeLessThanOrEqual(SNS_SUBJECT_MAX_CHARS);
    // The JSON once for machines (`default`) and the text once for email: nothing per protocol.
    expect(Object.keys(JSON.parse(endpoint.publishes[0]?.message ?? "{}")).sort()).toEqual([
      "default",
      "email",
    ]);
  });

  it("names the AWS request id when SNS refuses for good, and logs the whole report", async () => {
    const endpoint = await awsEndpoint({ alwaysFailPublish: true });
    const harness = await start({ organization: criticalAndFailing() });
    const result = await harness.run({}, { publish: snsPublisher(TOPIC_ARN) });

    expect(result.ok).toBe(false);
    expect(endpoint.publishAttempts).toBe(4); // the SNS client's own retries, then it gives up
    const summary = harness.logs.find((l) => l.message === "sweep finished");
    const publishError = String(summary?.attributes.publish_error);
    expect(publishError).toMatch(
      /^PublishError: publishing report part 1 of 1 to SNS failed: InternalErrorException: Internal Error \[AWS request [0-9a-f-]{36}\]$/,
    );
    expect(harness.logs.filter((l) => l.message.startsWith("sweep report"))).toEqual([
      expect.objectContaining({
        attributes: { run_id: "run-test-1", part: "part 1 of 1", report: result.report },
      }),
    ]);
  });

  it("names the AWS request id when the admin key's secret cannot be read", async () => {
    await awsEndpoint({ secrets: { "other/secret": ADMIN_KEY } });
    const harness = await start({ organization: criticalAndFailing() });
    const result = await harness.run(
      {},
      { adminKey: cachedAdminKey(secretReader("openai/missing")) },
    );

    expect(result.ok).toBe(false);
    expect(result.report.errors).toEqual([
      {
        stage: "read admin key",
        error: expect.stringMatching(
          /^SecretError: could not read the admin key secret \(ResourceNotFoundException: .*\) \[AWS request [0-9a-f-]{36}\]$/,
        ),
        request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    ]);
    expect(harness.sim.requests).toEqual([]);
  });
});
