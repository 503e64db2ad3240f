import { vi } from "vitest";

/**
 * Points the AWS SDK clients made in this process at a loopback endpoint, with static test
 * credentials and no instance-metadata lookup. Undone by vi.unstubAllEnvs().
 */
export function stubAwsEnvironment(endpointUrl: string, label = "test"): void {
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", `AKIA${label.toUpperCase()}`);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", `${label}-secret`);
  vi.stubEnv("AWS_SESSION_TOKEN", `${label}-session`);
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
  vi.stubEnv("AWS_ENDPOINT_URL_SNS", endpointUrl);
  vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpointUrl);
}
