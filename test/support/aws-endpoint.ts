import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type SnsAttribute,
  type SnsAttributes,
  snsAttributeBaseType,
  snsMessageProblem,
  snsSubjectProblem,
} from "../../lib/aws-limits.js";
import { snsAttributeProblems } from "../../lib/sns-attribute-limits.js";

interface PublishRecord {
  topicArn: string;
  message: string;
  subject: string | undefined;
  messageStructure: string | undefined;
  /** For a `Binary` attribute, `stringValue` holds the base64 text as sent. */
  messageAttributes: Record<string, { dataType: string; stringValue: string }>;
  messageId: string;
}

export interface AwsEndpointOptions {
  /** Secret name or ARN -> SecretString. */
  secrets?: Record<string, string>;
  /** Topic ARNs that exist. */
  topics?: string[];
  /** The first N Publish calls answer 500 InternalError (a transient failure the SDK retries). */
  failPublishes?: number;
  /** Every Publish answers 500, for "publishing keeps failing". */
  alwaysFailPublish?: boolean;
}

export interface AwsEndpoint {
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  /** Successful publishes, in order. */
  readonly publishes: readonly PublishRecord[];
  /** Every Publish request, failed or not. */
  readonly publishAttempts: number;
  /** SecretIds asked for, in order. */
  readonly secretRequests: readonly string[];
  close(): Promise<void>;
}

const ACCOUNT_ID = "123456789012";
const REGION = "us-east-1";
const SNS_XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";
// Far above any valid Publish (256 KiB, at most ~3x when percent-encoded); stops a runaway test.
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

interface Secret {
  arn: string;
  name: string;
  secretString: string;
  versionId: string;
}

/** An SNS rejection, answered as a query-protocol `ErrorResponse`. */
class SnsFault extends Error {
  override name = "SnsFault";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string): SnsFault =>
  new SnsFault(400, "InvalidParameter", `Invalid parameter: ${message}`);

/** Starts a loopback SNS + Secrets Manager endpoint for the real AWS SDK v3 clients. */
export async function startAwsEndpoint(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  const secrets = Object.entries(options.secrets ?? {}).map(([key, value]) => toSecret(key, value));
  const topics = new Set(options.topics ?? []);
  const publishes: PublishRecord[] = [];
  const secretRequests: string[] = [];
  let publishAttempts = 0;
  // One creation time for every secret, like secrets that already existed before the run.
  const createdDate = Date.now() / 1000;

  function secretsManager(target: string, body: string): Reply {
    if (target !== "secretsmanager.GetSecretValue") {
      return jsonError(400, "UnknownOperationException", `Unknown operation ${target}`);
    }
    const secretId = parseSecretId(body);
    if (secretId === undefined) {
      return jsonError(400, "InvalidParameterException", "You must provide a SecretId.");
    }
    secretRequests.push(secretId);
    const secret = secrets.find((s) => s.name === secretId || s.arn === secretId);
    if (secret === undefined) {
      return jsonError(
        400,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
      );
    }
    return json(200, {
      ARN: secret.arn,
      Name: secret.name,
      SecretString: secret.secretString,
      VersionId: secret.versionId,
      VersionStages: ["AWSCURRENT"],
      CreatedDate: createdDate,
    });
  }

  function sns(form: URLSearchParams): Reply {
    const action = form.get("Action");
    if (action !== "Publish") {
      return queryError(new SnsFault(400, "InvalidAction", `Unknown action ${action ?? "(none)"}`));
    }
    publishAttempts += 1;
    if (options.alwaysFailPublish || publishAttempts <= (options.failPublishes ?? 0)) {
      return queryError(new SnsFault(500, "InternalError", "Internal Error"));
    }
    try {
      const record = { ...parsePublish(form, topics), messageId: randomUUID() };
      publishes.push(record);
      const requestId = randomUUID();
      return {
        status: 200,
        contentType: "text/xml",
        headers: { "x-amzn-RequestId": requestId },
        body:
          `<PublishResponse xmlns="${SNS_XMLNS}"><PublishResult><MessageId>${record.messageId}` +
          `</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId>` +
          "</ResponseMetadata></PublishResponse>",
      };
    } catch (error) {
      if (error instanceof SnsFault) return queryError(error);
      throw error;
    }
  }

  function route(req: IncomingMessage, body: string): Reply {
    const target = req.headers["x-amz-target"];
    const isJson = typeof target === "string";
    if (!req.headers.authorization?.startsWith("AWS4-HMAC-SHA256")) {
      const message = "Request is missing Authentication Token";
      return isJson
        ? jsonError(400, "MissingAuthenticationTokenException", message)
        : queryError(new SnsFault(403, "MissingAuthenticationToken", message));
    }
    if (req.method !== "POST" || req.url !== "/") {
      return queryError(
        new SnsFault(400, "InvalidAction", `${req.method} ${req.url} not supported`),
      );
    }
    return isJson ? secretsManager(target, body) : sns(new URLSearchParams(body));
  }

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => send(res, route(req, body)))
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get publishes() {
      return [...publishes];
    },
    get publishAttempts() {
      return publishAttempts;
    },
    get secretRequests() {
      return [...secretRequests];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The SDK keeps sockets alive; without this close() would wait for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function parsePublish(
  form: URLSearchParams,
  topics: ReadonlySet<string>,
): Omit<PublishRecord, "messageId"> {
  if (form.has("TargetArn") || form.has("PhoneNumber")) {
    throw invalid("TargetArn and PhoneNumber are not supported by this test endpoint");
  }
  const topicArn = form.get("TopicArn");
  if (!topicArn) throw invalid("TopicArn or TargetArn Reason: no value for required parameter");
  const message = form.get("Message");
  if (message === null) throw invalid("Message Reason: no value for required parameter");
  if (message === "") throw invalid("Empty message");

  // The limits and their AWS pages are in lib/aws-limits.ts, beside each constant.
  // Subject: 1-99 printable ASCII, https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
  const subject = form.get("Subject") ?? undefined;
  const subjectProblem = subject === undefined ? undefined : snsSubjectProblem(subject);
  if (subjectProblem !== undefined) throw invalid(subjectProblem);

  const messageStructure = form.get("MessageStructure") ?? undefined;
  if (messageStructure !== undefined) {
    if (messageStructure !== "json") throw invalid("MessageStructure");
    checkJsonStructure(message);
  }

  // Count, names, types and values of the attributes (SNS_MAX_MESSAGE_ATTRIBUTES and what follows
  // it), https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html; then the size of
  // body plus attributes (SNS_MESSAGE_MAX_BYTES), API_Publish.html.
  const attributes = parseAttributes(form);
  const problem = snsAttributeProblems(attributes)[0] ?? snsMessageProblem(message, attributes);
  if (problem !== undefined) throw invalid(problem);

  if (!topics.has(topicArn)) throw new SnsFault(404, "NotFound", "Topic does not exist");
  const messageAttributes = Object.fromEntries(
    Object.entries(attributes).map(([name, a]) => [
      name,
      { dataType: a.dataType, stringValue: a.value },
    ]),
  );
  return { topicArn, message, subject, messageStructure, messageAttributes };
}

/** With MessageStructure=json the message is a map of protocol -> text that must have `default`. */
function checkJsonStructure(message: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalid("Message Structure - JSON message body failed to parse");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalid("Message Structure - JSON message body failed to parse");
  }
  if (Object.values(parsed).some((value) => typeof value !== "string")) {
    throw invalid("Message Structure - JSON message body values must be strings");
  }
  if (!Object.hasOwn(parsed, "default")) {
    throw invalid("Message Structure - No default entry in JSON message body");
  }
}

/**
 * Reads the query-protocol map encoding `MessageAttributes.entry.N.{Name,Value.*}`, keeping a
 * missing name, type or value as "" so that the limits refuse it as SNS does.
 */
function parseAttributes(form: URLSearchParams): SnsAttributes {
  const entries = new Map<string, Map<string, string>>();
  for (const [key, value] of form) {
    const match = /^MessageAttributes\.entry\.(\d+)\.(.+)$/.exec(key);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const fields = entries.get(match[1]) ?? new Map<string, string>();
    fields.set(match[2], value);
    entries.set(match[1], fields);
  }
  const attributes: Record<string, SnsAttribute> = {};
  for (const fields of entries.values()) {
    const dataType = fields.get("Value.DataType") ?? "";
    const isBinary = snsAttributeBaseType(dataType) === "Binary";
    const value = fields.get(isBinary ? "Value.BinaryValue" : "Value.StringValue") ?? "";
    attributes[fields.get("Name") ?? ""] = { dataType, value };
  }
  return attributes;
}

function toSecret(key: string, secretString: string): Secret {
  // A stable random-looking suffix, as the real service appends six characters to the name.
  const suffix = (name: string) => createHash("sha256").update(name).digest("hex").slice(0, 6);
  const fromArn = /^arn:aws:secretsmanager:[^:]+:\d+:secret:(.+)-[A-Za-z0-9]{6}$/.exec(key)?.[1];
  const name = fromArn ?? key;
  const arn = fromArn
    ? key
    : `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${name}-${suffix(name)}`;
  return { arn, name, secretString, versionId: randomUUID() };
}

function parseSecretId(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && "SecretId" in parsed) {
      return typeof parsed.SecretId === "string" && parsed.SecretId !== ""
        ? parsed.SecretId
        : undefined;
    }
  } catch {
    // Falls through: a malformed body has no SecretId either.
  }
  return undefined;
}

function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return {
    status,
    contentType: "application/x-amz-json-1.1",
    body: JSON.stringify(value),
    headers: { "x-amzn-RequestId": randomUUID(), ...headers },
  };
}

// The real service sends the code both as `__type` and as `x-amzn-ErrorType`; the SDK reads
// `__type` first and falls back to the header, so both keep it working whichever it prefers.
function jsonError(status: number, type: string, message: string): Reply {
  return json(status, { __type: type, message }, { "x-amzn-ErrorType": type });
}

function queryError(fault: SnsFault): Reply {
  const requestId = randomUUID();
  const type = fault.status >= 500 ? "Receiver" : "Sender";
  return {
    status: fault.status,
    contentType: "text/xml",
    headers: { "x-amzn-RequestId": requestId },
    body:
      `<ErrorResponse xmlns="${SNS_XMLNS}"><Error><Type>${type}</Type>` +
      `<Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message>` +
      `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_REQUEST_BYTES) throw new Error(`request body over ${MAX_REQUEST_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    "content-type": reply.contentType,
    "content-length": Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
}
