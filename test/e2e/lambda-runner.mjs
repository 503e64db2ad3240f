// Plays the Lambda runtime for the end-to-end test: imports the built bundle in a plain Node
// process and invokes its handler once per event, in the same process (a warm container), with a
// Lambda-like context. Each outcome goes to the file named by E2E_RESULT_FILE as one JSON line.
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundlePath, eventsJson] = process.argv.slice(2);
const timeoutMs = Number(process.env.E2E_FUNCTION_TIMEOUT_MS ?? 60_000);
const { handler } = await import(pathToFileURL(bundlePath).href);

for (const event of JSON.parse(eventsJson)) {
  const deadline = Date.now() + timeoutMs;
  const awsRequestId = randomUUID();
  const context = {
    awsRequestId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: "256",
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logStreamName: "e2e",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let outcome;
  try {
    outcome = { node: process.version, ok: true, result: await handler(event, context) };
  } catch (error) {
    // What the Lambda runtime reports for a thrown error: its type and message.
    outcome = {
      node: process.version,
      ok: false,
      errorType: error?.name,
      errorMessage: error?.message,
    };
  }
  appendFileSync(process.env.E2E_RESULT_FILE, `${JSON.stringify(outcome)}\n`);
}
