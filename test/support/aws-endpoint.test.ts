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

/** Publish input with the one attribute `name`. */
function attr(name: string, dataType: string, stringValue: string): Partial<PublishCommandInput> {
  return { MessageAttributes: { [name]: { DataType: dataType, StringValue: stringValue } } };
}

/** Publishes one attribute; resolves to what the endpoint recorded, rejects if it refused. */
async function publishAttribute(name: string, value: MessageAttributeValue): Promise<unknown> {
  const ep = await start({ topics: [TOPIC] });
  return sns(ep)
    .send(
      new PublishCommand({
        TopicArn: TOPIC,
        Message: "hello",
        MessageAttributes: { [name]: value },
      }),
    )
    .then(() => ep.publishes[0]?.messageAttributes[name]);
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
    ["a Subject of 100 characters (SNS wants fewer)", { Subject: "s".repeat(100) }, "Subject"],
    ["a Subject over 100 characters", { Subject: "s".repeat(101) }, "Subject"],
    ["a Subject with non-ASCII text", { Subject: "Zertifikate läuft ab" }, "Subject"],
    ["a Subject with a line break", { Subject: "line one\nline two" }, "Subject"],
    ["a Subject with a carriage return", { Subject: "line one\rline two" }, "Subject"],
    ["a Subject with a tab", { Subject: "col one\tcol two" }, "Subject"],
    ["a Subject with a DEL control character", { Subject: "delete\x7f" }, "Subject"],
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
    ["an attribute name with a leading period", attr(".a", "String", "x"), "invalid name"],
    ["an attribute name with a trailing period", attr("a.", "String", "x"), "invalid name"],
    ["an attribute name with successive periods", attr("a..b", "String", "x"), "invalid name"],
    [
      "an attribute name with the reserved AWS. prefix",
      attr("AWS.x", "String", "x"),
      "invalid name",
    ],
    ["an attribute name with amazon. in any case", attr("amazon.x", "String", "x"), "invalid name"],
    ["an attribute name with a space", attr("a b", "String", "x"), "invalid name"],
    ["an attribute name with non-ASCII letters", attr("größe", "String", "x"), "invalid name"],
    ["an attribute name of 257 characters", attr("n".repeat(257), "String", "x"), "over 256"],
    ["a lower-case base type", attr("a", "number", "1"), "invalid message attribute type"],
    [
      "an unknown base type with a label",
      attr("a", "Numeric.int", "1"),
      "invalid message attribute type",
    ],
    ["a type with an empty label", attr("a", "Number.", "1"), "invalid message attribute type"],
    ["a type of 257 bytes", attr("a", `String.${"é".repeat(125)}`, "x"), "over 256 bytes"],
    ["a Number over 10^9", attr("a", "Number", "1000000001"), "outside the Number range"],
    [
      "a Number just over 10^9",
      attr("a", "Number", "1000000000.00001"),
      "outside the Number range",
    ],
    ["a Number under -10^9", attr("a", "Number", "-1e10"), "outside the Number range"],
    ["a Number of 1e126", attr("a", "Number", "1e126"), "outside the Number range"],
    ["a Number of 1e127", attr("a", "Number", "1e127"), "outside the Number range"],
    ["a Number with a custom label out of range", attr("a", "Number.int", "2e9"), "outside"],
    ["a Number in hex", attr("a", "Number", "0x10"), "to number"],
    ["an empty Number value", attr("a", "Number", ""), "non-empty message attribute value"],
    ["a String.Array of arrays", attr("a", "String.Array", '[["a"]]'), "JSON array"],
    ["a String.Array holding an object", attr("a", "String.Array", '[{"a":1}]'), "JSON array"],
    ["a String.Array that is an object", attr("a", "String.Array", '{"a":1}'), "JSON array"],
    ["a String.Array that is not JSON", attr("a", "String.Array", "not json"), "JSON array"],
    ["a String.Array that is a string", attr("a", "String.Array", '"a"'), "JSON array"],
    ["a String value with an emoji (a surrogate pair)", attr("a", "String", "ok 👍"), "surrogates"],
    [
      "an empty Binary value",
      { MessageAttributes: { a: { DataType: "Binary", BinaryValue: new Uint8Array(0) } } },
      "non-empty message attribute value",
    ],
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

  it("accepts the limits themselves: a 99-character subject and 10 attributes", async () => {
    const ep = await start({ topics: [TOPIC] });

    await sns(ep).send(
      new PublishCommand({
        TopicArn: TOPIC,
        Message: "hello",
        Subject: `${"s".repeat(97)} ~`,
        MessageAttributes: {
          ...stringAttributes(9),
          n: { DataType: "Number", StringValue: "-1.5e3" },
        },
      }),
    );

    expect(ep.publishes).toHaveLength(1);
    expect(Object.keys(ep.publishes[0]?.messageAttributes ?? {})).toHaveLength(10);
  });

  it("accepts a Subject of every printable ASCII character, space to tilde", async () => {
    const ep = await start({ topics: [TOPIC] });
    const printable = String.fromCharCode(...Array.from({ length: 95 }, (_, i) => 0x20 + i));

    await sns(ep).send(
      new PublishCommand({ TopicArn: TOPIC, Message: "hello", Subject: printable }),
    );

    expect(ep.publishes[0]?.subject).toBe(printable);
  });

  // Name, data type and value bytes of each attribute count; Binary counts the bytes it carries.
  const sizedAttributes: Record<string, MessageAttributeValue> = {
    n: { DataType: "String", StringValue: "vé" }, // 1 + 6 + 3
    count: { DataType: "Number.int", StringValue: "12" }, // 5 + 10 + 2
    blob: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2]) }, // 4 + 6 + 3
  };
  const sizedAttributeBytes = 10 + 17 + 13;

  it("accepts a body plus String, Number and Binary attributes of exactly 262144 bytes", async () => {
    const ep = await start({ topics: [TOPIC] });
    const message = "x".repeat(262_144 - sizedAttributeBytes);

    await sns(ep).send(
      new PublishCommand({ TopicArn: TOPIC, Message: message, MessageAttributes: sizedAttributes }),
    );

    expect(ep.publishes[0]?.message).toHaveLength(262_144 - sizedAttributeBytes);
    expect(ep.publishes[0]?.messageAttributes.blob).toEqual({
      dataType: "Binary",
      stringValue: "AAEC",
    });
  });

  it("refuses the same body one byte longer: the attributes are counted", async () => {
    const ep = await start({ topics: [TOPIC] });
    const message = "x".repeat(262_144 - sizedAttributeBytes + 1);

    await expect(
      sns(ep).send(
        new PublishCommand({
          TopicArn: TOPIC,
          Message: message,
          MessageAttributes: sizedAttributes,
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("Message too long: 262145 bytes"),
    });
    expect(ep.publishes).toEqual([]);
  });

  const acceptedAttributes: [string, string, MessageAttributeValue][] = [
    ["a name with inner periods", "a.b.c", { DataType: "String", StringValue: "x" }],
    ["a name of every allowed kind", "Az09_-.x", { DataType: "String", StringValue: "x" }],
    ["a name of 256 characters", "n".repeat(256), { DataType: "String", StringValue: "x" }],
    ["a name starting AWS without a period", "AWSx", { DataType: "String", StringValue: "x" }],
    ["a name with aws inside it", "my.aws.x", { DataType: "String", StringValue: "x" }],
    ["a Number.int custom type", "a", { DataType: "Number.int", StringValue: "42" }],
    ["a String.json custom type", "a", { DataType: "String.json", StringValue: '{"a":1}' }],
    ["a type of 256 bytes", "a", { DataType: `String.${"é".repeat(124)}x`, StringValue: "x" }],
    ["the Number 10^9", "a", { DataType: "Number", StringValue: "1000000000" }],
    ["the Number -10^9 in exponent form", "a", { DataType: "Number", StringValue: "-1e9" }],
    [
      "the Number 10^9 with trailing zeros",
      "a",
      { DataType: "Number", StringValue: "1000000000.000" },
    ],
    ["a Number of 1e-129", "a", { DataType: "Number", StringValue: "1e-129" }],
    ["zero written as -0.0", "a", { DataType: "Number", StringValue: "-0.0" }],
    [
      "a Number with 39 significant digits within range",
      "a",
      { DataType: "Number", StringValue: "123456789.123456789012345678901234567891" },
    ],
    [
      "a String.Array of scalars",
      "a",
      { DataType: "String.Array", StringValue: '["a",1,true,null]' },
    ],
    ["an empty String.Array", "a", { DataType: "String.Array", StringValue: "[]" }],
    [
      "a String with accented letters",
      "a",
      { DataType: "String", StringValue: "Zertifikat läuft ab" },
    ],
    [
      "a Binary.png custom type",
      "a",
      { DataType: "Binary.png", BinaryValue: new Uint8Array([255]) },
    ],
  ];

  it.each(acceptedAttributes)("accepts %s and records it as sent", async (_, name, value) => {
    const recorded = await publishAttribute(name, value);

    expect(recorded).toEqual({
      dataType: value.DataType,
      stringValue: value.StringValue ?? Buffer.from(value.BinaryValue ?? []).toString("base64"),
    });
  });

  it.each(["AA!C", "A=EC"])(
    "refuses a Binary value %s that is not base64 (body altered after the SDK encoded it)",
    async (bad) => {
      const ep = await start({ topics: [TOPIC] });
      const client = sns(ep);
      // The SDK always base64-encodes BinaryValue, so swap in bad text of the same length
      // (keeping Content-Length right) before the request is signed and sent.
      client.middlewareStack.add(
        (next) => async (args) => {
          const request: unknown = args.request;
          if (typeof request === "object" && request !== null && "body" in request) {
            if (typeof request.body === "string") {
              request.body = request.body.replace("BinaryValue=AAEC", `BinaryValue=${bad}`);
            }
          }
          return next(args);
        },
        { step: "build" },
      );

      await expect(
        client.send(
          new PublishCommand({
            TopicArn: TOPIC,
            Message: "hello",
            MessageAttributes: {
              a: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2]) },
            },
          }),
        ),
      ).rejects.toMatchObject({
        name: "InvalidParameterException",
        message: expect.stringContaining("not base64"),
      });
      expect(ep.publishAttempts).toBe(1);
      expect(ep.publishes).toEqual([]);
    },
  );

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
