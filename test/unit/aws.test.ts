import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { AuthorizationErrorException, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { regionOfArn, secretReader, snsPublisher } from "../../lib/aws.js";

const TOPIC = "arn:aws:sns:ap-southeast-2:123456789012:cert-sweeper";
const SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:openai/admin-AbCdEf";
const KEY = "sk-admin-secret-value-7f3a";

const live = () => new AbortController().signal;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/** The region the client that made `call` sends to (the mock records the client as `this`). */
async function regionOf(call: { thisValue: unknown } | undefined): Promise<string> {
  const client = call?.thisValue as SNSClient | SecretsManagerClient | undefined;
  if (!client) throw new Error("no call was made");
  return client.config.region();
}

describe("regionOfArn", () => {
  it("reads the region of an SNS topic ARN", () => {
    expect(regionOfArn(TOPIC)).toBe("ap-southeast-2");
  });

  it("reads the region of a Secrets Manager secret ARN", () => {
    expect(regionOfArn(SECRET_ARN)).toBe("eu-central-1");
  });

  it("reads the region of an ARN in another partition", () => {
    expect(regionOfArn("arn:aws-us-gov:sns:us-gov-west-1:123456789012:t")).toBe("us-gov-west-1");
  });

  it("gives no region for something that is not an ARN", () => {
    expect(regionOfArn("openai/admin-key")).toBeUndefined();
    expect(regionOfArn("")).toBeUndefined();
  });
});

describe("snsPublisher", () => {
  // Mocks every SNSClient, including the one snsPublisher makes; restored for the wire test.
  let sns: AwsClientStub<SNSClient>;
  beforeEach(() => {
    sns = mockClient(SNSClient);
  });
  afterEach(() => sns.restore());

  const input = {
    TopicArn: TOPIC,
    Subject: "Cert sweeper: 1 certificate deactivated",
    Message: "report text",
    MessageAttributes: { run_id: { DataType: "String", StringValue: "run-1" } },
  };

  it("sends exactly one Publish with the given input and returns its answer", async () => {
    sns.on(PublishCommand).resolves({ MessageId: "msg-1" });
    const publish = snsPublisher(TOPIC);
    expect(await publish(input, live())).toEqual({ MessageId: "msg-1" });
    expect(sns.calls()).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual(input);
  });

  it("publishes through a client in the topic's own region", async () => {
    sns.on(PublishCommand).resolves({ MessageId: "msg-1" });
    await snsPublisher(TOPIC)(input, live());
    expect(await regionOf(sns.calls()[0])).toBe("ap-southeast-2");
  });

  it("passes an SNS error on to the caller", async () => {
    const denied = new AuthorizationErrorException({
      message: "not authorized to perform SNS:Publish",
      $metadata: {},
    });
    sns.on(PublishCommand).rejects(denied);
    expect(await rejection(snsPublisher(TOPIC)(input, live()))).toBe(denied);
  });
});

describe("secretReader", () => {
  let secrets: AwsClientStub<SecretsManagerClient>;
  beforeEach(() => {
    secrets = mockClient(SecretsManagerClient);
  });
  afterEach(() => {
    secrets.restore();
    vi.unstubAllEnvs();
  });

  it("asks for the given secret and returns its SecretString", async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: KEY });
    const read = secretReader("openai/admin-key");
    expect(await read(live())).toBe(KEY);
    expect(secrets.calls()).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: "openai/admin-key",
    });
  });

  it("returns undefined for a binary secret, which has no SecretString", async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretBinary: new TextEncoder().encode(KEY) });
    expect(await secretReader("openai/admin-key")(live())).toBeUndefined();
  });

  it("reads a secret given by ARN in the ARN's region", async () => {
    vi.stubEnv("AWS_REGION", "us-west-2");
    secrets.on(GetSecretValueCommand).resolves({ SecretString: KEY });
    expect(await secretReader(SECRET_ARN)(live())).toBe(KEY);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input.SecretId).toBe(SECRET_ARN);
    expect(await regionOf(secrets.calls()[0])).toBe("eu-central-1");
  });

  it("reads a secret given by name in the function's own region", async () => {
    vi.stubEnv("AWS_REGION", "us-west-2");
    secrets.on(GetSecretValueCommand).resolves({ SecretString: KEY });
    await secretReader("openai/admin-key")(live());
    expect(await regionOf(secrets.calls()[0])).toBe("us-west-2");
  });

  it("passes a Secrets Manager error on to the caller", async () => {
    const missing = new ResourceNotFoundException({
      message: "Secrets Manager can't find the specified secret.",
      $metadata: {},
    });
    secrets.on(GetSecretValueCommand).rejects(missing);
    expect(await rejection(secretReader("openai/admin-key")(live()))).toBe(missing);
  });
});

describe("snsPublisher over the wire", () => {
  let server: Server | undefined;
  const requests: IncomingMessage[] = [];

  afterEach(async () => {
    vi.unstubAllEnvs();
    requests.length = 0;
    const closing = server;
    server = undefined;
    if (!closing) return;
    closing.closeAllConnections();
    await new Promise<void>((resolve) => closing.close(() => resolve()));
  });

  /** A server on loopback that takes every request, tells `onRequest`, and never answers it. */
  async function silentServer(onRequest: () => void): Promise<string> {
    const silent = createServer((request) => {
      requests.push(request);
      onRequest();
    });
    server = silent;
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  }

  it("stops a Publish the server never answers when the caller's signal fires, not at the SDK's request timeout", async () => {
    // The deadline fires once the Publish is on the wire: deterministic, unlike a short timer.
    const deadline = new AbortController();
    vi.stubEnv("AWS_ENDPOINT_URL_SNS", await silentServer(() => deadline.abort()));
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    vi.stubEnv("AWS_SESSION_TOKEN", undefined);
    const publish = snsPublisher(TOPIC);

    const error = await rejection(
      publish({ TopicArn: TOPIC, Message: "report text" }, deadline.signal),
    );

    // Ignoring the signal would end, 5 s per attempt and 4 attempts later, in the SDK's own
    // request timeout ("TimeoutError") instead.
    expect((error as Error).name).toBe("AbortError");
    // It went over the wire to the configured endpoint, and was cut off there.
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe("POST");
  });
});
