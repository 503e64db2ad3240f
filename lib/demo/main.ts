// `npm start`: the only entry point outside functions/, so the only other place that reads
// process.env. Everything it does is in run-demo.ts.
import { Logger } from "@aws-lambda-powertools/logger";
import { snsPublisher } from "../aws.js";
import { ConfigError } from "../errors.js";
import { runDemo } from "./run-demo.js";

const topicArn = process.env.SNS_TOPIC_ARN?.trim();
// The readable report is the demo's output; the JSON log line appears with POWERTOOLS_LOG_LEVEL=INFO.
const logger = new Logger({
  serviceName: "openai-cert-sweeper",
  ...(process.env.POWERTOOLS_LOG_LEVEL ? {} : { logLevel: "SILENT" }),
});

try {
  process.exitCode = await runDemo(process.env, {
    logger,
    publish: topicArn ? snsPublisher(topicArn) : undefined,
    write: (text) => process.stdout.write(text),
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
