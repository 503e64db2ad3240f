import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import {
  ListTopicsCommand,
  type MessageAttributeValue,
  PublishCommand,
  type PublishCommandInput,
  SNSClient,
} from "@aws-sdk/client-sns";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AwsEndpoint, type AwsEndpointOptions, startAwsEndpoint } from "./aws-endpoint.js";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:cert-sweeper-report";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

const endpoints: AwsEndpoint[] = [];
const clients: { destroy(): void }[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(endpoints.splice(0).map((ep) => ep.close()));
});

async function start(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  const ep = await startAwsEndpoint(options);
  endpoints.push(ep);
  return ep;
}

function sns(ep: AwsEndpoint): SNSClient {
  const client = new SNSClient({ region: "us-east-1", endpoint: ep.url, credentials });
  clients.push(client);
  return client;
}

function secretsManager(ep: AwsEndpoint): SecretsManagerClient {
  const client = new SecretsManagerClient({ region: "us-east-1", endpoint: ep.url, credentials });
  clients.push(client);
  return client;
}

function stringAttributes(count: number): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`attr${i}`, { DataType: "String", StringValue: "x" }]),
  );
}

describe("Secrets Manager GetSecretValue", () => {
  it("returns the secret by name with the fields the SDK parses", async () => {
    const ep = await start({ secrets: { "openai/admin-key": '{"admin_key":"sk-admin"}' } });

    const out = await secretsManager(ep).send(
      new GetSecretValueCommand({ SecretId: "openai/admin-key" }),
    );

    expect(out).toMatchObject({
      Name: "openai/admin-key",
      SecretString: '{"admin_key":"sk-admin"}',
      VersionStages: ["AWSCURRENT"],
    });
    expect(out.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:openai\/admin-key-[0-9a-f]{6}$/,
    );
    expect(out.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.CreatedDate).toBeInstanceOf(Date);
    expect(Math.abs((out.CreatedDate?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(ep.secretRequests).toEqual(["openai/admin-key"]);
  });

  it("finds a secret configured by name when asked for by its ARN", async () => {
    const ep = await start({ secrets: { "openai/admin-key": "sk-admin" } });
    const client = secretsManager(ep);
    const { ARN } = await client.send(new GetSecretValueCommand({ SecretId: "openai/admin-key" }));

    const out = await client.send(new GetSecretValueCommand({ SecretId: ARN }));

    expect(out).toMatchObject({ ARN, Name: "openai/admin-key", SecretString: "sk-admin" });
    expect(ep.secretRequests).toEqual(["openai/admin-key", ARN]);
  });

  it("finds a secret configured by ARN when asked for by ARN or by name", async () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:prod/openai-Ab12Cd";
    const ep = await start({ secrets: { [arn]: "sk-prod" } });
    const client = secretsManager(ep);

    const byArn = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    const byName = await client.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));

    expect(byArn).toMatchObject({ ARN: arn, Name: "prod/openai", SecretString: "sk-prod" });
    expect(byName).toMatchObject({ ARN: arn, Name: "prod/openai", SecretString: "sk-prod" });
  });

  it("rejects an unknown secret with ResourceNotFoundException and records the ask", async () => {
    const ep = await start({ secrets: { known: "value" } });

    await expect(
      secretsManager(ep).send(new GetSecretValueCommand({ SecretId: "missing" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Secrets Manager can't find the specified secret.",
      $metadata: { httpStatusCode: 400 },
    });
    expect(ep.secretRequests).toEqual(["missing"]);
  });

  it("rejects other Secrets Manager operations with UnknownOperationException", async () => {
    const ep = await start({ secrets: { known: "value" } });

    await expect(
      secretsManager(ep).send(new DescribeSecretCommand({ SecretId: "known" })),
    ).rejects.toMatchObject({
      name: "UnknownOperationException",
      $metadata: { httpStatusCode: 400 },
    });
    expect(ep.secretRequests).toEqual([]);
  });

  it("is reachable through AWS_ENDPOINT_URL_SECRETS_MANAGER without an endpoint option", async () => {
    const ep = await start({ secrets: { known: "value" } });
    vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.url);
    const client = new SecretsManagerClient({ region: "us-east-1", credentials });
    clients.push(client);

    const out = await client.send(new GetSecretValueCommand({ SecretId: "known" }));

    expect(out.SecretString).toBe("value");
  });
});

describe("SNS Publish", () => {
  it("records a JSON-structured publish with subject and attributes exactly as sent", async () => {
    const ep = await start({ topics: [TOPIC] });
    const message = JSON.stringify({
      default: "Zertifikate läuft ab — 3 certificates expire soon ✓ 证书",
      email: "Plain text for email: ü & <tags>",
    });

    const out = await sns(ep).send(
      new PublishCommand({
        TopicArn: TOPIC,
        Message: message,
        Subject: "OpenAI cert sweep: 3 expiring (dry run)",
        MessageStructure: "json",
        MessageAttributes: {
          outcome: { DataType: "String", StringValue: "partial failure" },
          expiring: { DataType: "Number", StringValue: "3" },
          projects: { DataType: "String.Array", StringValue: '["proj_a","proj_b"]' },
        },
      }),
    );

    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ep.publishes).toEqual([
      {
        topicArn: TOPIC,
        message,
        subject: "OpenAI cert sweep: 3 expiring (dry run)",
        messageStructure: "json",
        messageAttributes: {
          outcome: { dataType: "String", stringValue: "partial failure" },
          expiring: { dataType: "Number", stringValue: "3" },
          projects: { dataType: "String.Array", stringValue: '["proj_a","proj_b"]' },
        },
        messageId: out.MessageId,
      },
    ]);
    expect(ep.publishAttempts).toBe(1);
  });

  it("records a plain publish without subject, structure or attributes as undefined/empty", async () => {
    const ep = await start({ topics: [TOPIC] });

    await sns(ep).send(new PublishCommand({ TopicArn: TOPIC, Message: "hello" }));

    expect(ep.publishes).toMatchObject([
      { topicArn: TOPIC, message: "hello", subject: undefined, messageStructure: undefined },
    ]);
    expect(ep.publishes[0]?.messageAttributes).toEqual({});
  });

  it("accepts a message of exactly 262144 bytes including attributes", async () => {
    const ep = await start({ topics: [TOPIC] });
    // Attribute bytes count too: "n" + "String" + "v" = 8 bytes.
    const message = "é".repeat((262_144 - 8) / 2);

    await sns(ep).send(
      new PublishCommand({
        TopicArn: TOPIC,
        Message: message,
        MessageAttributes: { n: { DataType: "String", StringValue: "v" } },
      }),
    );

    expect(ep.publishes[0]?.message).toBe(message);
  });

  // Each row names the rule it breaks and a fragment of the message proving that rule fired.
  const invalidPublishes: [string, Partial<PublishCommandInput>, string][] = [
    ["a missing Message", { Message: undefined }, "Message Reason: no value"],
    ["an empty Message", { Message: "" }, "Empty message"],
    [
      "a json structure that is not JSON",
      { MessageStructure: "json", Message: "not json" },
      "failed to parse",
    ],
    [
      "a json structure that is an array",
      { MessageStructure: "json", Message: '["default"]' },
      "failed to parse",
    ],
    [
      "a json structure with a non-string value",
      { MessageStructure: "json", Message: '{"default":"x","email":1}' },
      "values must be strings",
    ],
    [
      "a json structure without a default key",
      { MessageStructure: "json", Message: '{"email":"x"}' },
      "No default entry",
    ],
    ["a MessageStructure other than json", { MessageStructure: "xml" }, "MessageStructure"],
    ["a message over 262144 bytes", { Message: "x".repeat(262_145) }, "Message too long"],
    [
      "a message plus attributes over 262144 bytes",
      {
        Message: "x".repeat(262_144 - 8),
        MessageAttributes: { n: { DataType: "String", StringValue: "vv" } },
      },
      "Message too long",
    ],
    ["an empty Subject", { Subject: "" }, "Subject"],
    ["a Subject over 100 characters", { Subject: "s".repeat(101) }, "Subject"],
    ["a Subject with non-ASCII text", { Subject: "Zertifikate läuft ab" }, "Subject"],
    ["a Subject with a line break", { Subject: "line one\nline two" }, "Subject"],
    [
      "an unsupported attribute DataType",
      { MessageAttributes: { a: { DataType: "Boolean", StringValue: "true" } } },
      "invalid message attribute type",
    ],
    [
      "a Number attribute that is not a number",
      { MessageAttributes: { a: { DataType: "Number", StringValue: "three" } } },
      "to number",
    ],
    [
      "an attribute without a value",
      { MessageAttributes: { a: { DataType: "String", StringValue: "" } } },
      "non-empty message attribute value",
    ],
    ["more than 10 attributes", { MessageAttributes: stringAttributes(11) }, "[11]"],
  ];

  it.each(invalidPublishes)(
    "rejects %s with InvalidParameterException",
    async (_, override, reason) => {
      const ep = await start({ topics: [TOPIC] });
      const input = { TopicArn: TOPIC, Message: "hello", ...override } as PublishCommandInput;

      const error = await sns(ep)
        .send(new PublishCommand(input))
        .then(
          () => undefined,
          (e: unknown) => e,
        );

      expect(error).toMatchObject({
        name: "InvalidParameterException",
        Code: "InvalidParameter",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      });
      expect((error as Error).message).toMatch(/^Invalid parameter: /);
      expect((error as Error).message).toContain(reason);
      expect(ep.publishes).toEqual([]);
      expect(ep.publishAttempts).toBe(1);
    },
  );

  it("accepts the limits themselves: a 100-character subject and 10 attributes", async () => {
    const ep = await start({ topics: [TOPIC] });

    await sns(ep).send(
      new PublishCommand({
        TopicArn: TOPIC,
        Message: "hello",
        Subject: "s".repeat(100),
        MessageAttributes: {
          ...stringAttributes(9),
          n: { DataType: "Number", StringValue: "-1.5e3" },
        },
      }),
    );

    expect(ep.publishes).toHaveLength(1);
    expect(Object.keys(ep.publishes[0]?.messageAttributes ?? {})).toHaveLength(10);
  });

  it("rejects a topic that does not exist with NotFoundException (404)", async () => {
    const ep = await start({ topics: [TOPIC] });

    await expect(
      sns(ep).send(new PublishCommand({ TopicArn: `${TOPIC}-other`, Message: "hello" })),
    ).rejects.toMatchObject({
      name: "NotFoundException",
      message: "Topic does not exist",
      $metadata: { httpStatusCode: 404 },
    });
    expect(ep.publishes).toEqual([]);
  });

  it("rejects other SNS actions with InvalidAction", async () => {
    const ep = await start({ topics: [TOPIC] });

    await expect(sns(ep).send(new ListTopicsCommand({}))).rejects.toMatchObject({
      name: "InvalidAction",
      $metadata: { httpStatusCode: 400 },
    });
    expect(ep.publishAttempts).toBe(0);
  });

  it("succeeds through the SDK's retry after one transient 500", async () => {
    const ep = await start({ topics: [TOPIC], failPublishes: 1 });

    const out = await sns(ep).send(new PublishCommand({ TopicArn: TOPIC, Message: "hello" }));

    expect(out.$metadata.attempts).toBe(2);
    expect(ep.publishAttempts).toBe(2);
    expect(ep.publishes).toMatchObject([{ message: "hello", messageId: out.MessageId }]);
  });

  it("throws InternalErrorException once the SDK runs out of attempts", async () => {
    const ep = await start({ topics: [TOPIC], alwaysFailPublish: true });

    await expect(
      sns(ep).send(new PublishCommand({ TopicArn: TOPIC, Message: "hello" })),
    ).rejects.toMatchObject({
      name: "InternalErrorException",
      $fault: "server",
      $metadata: { httpStatusCode: 500, attempts: 3 },
    });
    expect(ep.publishAttempts).toBe(3);
    expect(ep.publishes).toEqual([]);
  });

  it("is reachable through AWS_ENDPOINT_URL_SNS without an endpoint option", async () => {
    const ep = await start({ topics: [TOPIC] });
    vi.stubEnv("AWS_ENDPOINT_URL_SNS", ep.url);
    const client = new SNSClient({ region: "us-east-1", credentials });
    clients.push(client);

    await client.send(new PublishCommand({ TopicArn: TOPIC, Message: "hello" }));

    expect(ep.publishes).toHaveLength(1);
  });
});

describe("request signing", () => {
  it("refuses an unsigned SNS request with 403 MissingAuthenticationToken", async () => {
    const ep = await start({ topics: [TOPIC] });

    const res = await fetch(`${ep.url}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ Action: "Publish", TopicArn: TOPIC, Message: "hi" }),
    });

    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>MissingAuthenticationToken</Code>");
    expect(ep.publishes).toEqual([]);
  });

  it("refuses an unsigned Secrets Manager request", async () => {
    const ep = await start({ secrets: { known: "value" } });

    const res = await fetch(`${ep.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "secretsmanager.GetSecretValue",
      },
      body: JSON.stringify({ SecretId: "known" }),
    });

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: "MissingAuthenticationTokenException" });
    expect(ep.secretRequests).toEqual([]);
  });
});
