// `npm start`: the only entry point outside functions/, so the only other place that reads
// process.env. Everything it does is in run-demo.ts.
import { Logger } from "@aws-lambda-powertools/logger";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { ConfigError } from "../errors.js";
import { runDemo } from "./run-demo.js";

const topicArn = process.env.SNS_TOPIC_ARN?.trim();
const sns = topicArn
  ? new SNSClient({ region: topicArn.split(":")[3], maxAttempts: 4 })
  : undefined;
// The readable report is the demo's output; the JSON log line appears with POWERTOOLS_LOG_LEVEL=INFO.
const logger = new Logger({
  serviceName: "openai-cert-sweeper",
  ...(process.env.POWERTOOLS_LOG_LEVEL ? {} : { logLevel: "SILENT" }),
});

try {
  process.exitCode = await runDemo(process.env, {
    logger,
    publish: sns && ((input) => sns.send(new PublishCommand(input))),
    write: (text) => process.stdout.write(text),
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
