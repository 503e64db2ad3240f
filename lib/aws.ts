import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PublishCommand, type PublishCommandInput, SNSClient } from "@aws-sdk/client-sns";

// The AWS SDK's HTTP timeouts default to 0 (none): a Publish stalled on a dead route would never
// return, and Lambda would kill the run before it reports. These bound every attempt; the SDK's
// standard retry (maxAttempts) covers throttling, 5xx and these timeouts.
const AWS_CLIENT_OPTIONS = {
  maxAttempts: 4,
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
};

/** One SNS Publish; `signal` stops it (retries included) at the run's deadline. */
export type Publish = (input: PublishCommandInput, signal: AbortSignal) => Promise<unknown>;

/** The secret's SecretString; `signal` stops the read at the run's deadline. */
export type ReadSecret = (signal: AbortSignal) => Promise<string | undefined>;

/** The region in an ARN (arn:partition:service:region:account:resource). */
export function regionOfArn(arn: string): string | undefined {
  return arn.split(":")[3] || undefined;
}

/** Publishes through an SNS client in the topic's own region. The client is made on call, not at import. */
export function snsPublisher(topicArn: string): Publish {
  const client = new SNSClient({ ...AWS_CLIENT_OPTIONS, region: regionOfArn(topicArn) });
  return (input, signal) => client.send(new PublishCommand(input), { abortSignal: signal });
}

/** Reads one secret, in the ARN's region when given an ARN, else the Lambda's own region. */
export function secretReader(secretId: string): ReadSecret {
  const region = secretId.startsWith("arn:") ? regionOfArn(secretId) : undefined;
  const client = new SecretsManagerClient({ ...AWS_CLIENT_OPTIONS, ...(region ? { region } : {}) });
  return async (signal) => {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }), {
      abortSignal: signal,
    });
    return output.SecretString;
  };
}
