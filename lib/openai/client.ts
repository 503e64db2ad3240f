import OpenAI from "openai";

/** Longest wait for one Admin API response; a list page or a deactivation normally takes < 1 s. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface ClientOptions {
  baseURL: string;
  timeoutMs?: number;
  /** The HTTP transport; the global fetch unless a test answers in its place. */
  fetch?: typeof fetch;
}

/**
 * An SDK client that authenticates with the admin key only. Everything is passed explicitly so
 * the SDK does not pick up OPENAI_API_KEY, OPENAI_ORG_ID or OPENAI_PROJECT_ID from the environment.
 * Retries are done by the sweep (see retry.ts), so the SDK's are off.
 */
export function createOpenAIClient(adminKey: string, options: ClientOptions): OpenAI {
  return new OpenAI({
    adminAPIKey: adminKey,
    apiKey: null,
    organization: null,
    project: null,
    baseURL: options.baseURL,
    timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
    maxRetries: 0,
    logLevel: "off",
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

/** Reuses one client per key while the Lambda is warm (keep-alive connections survive). */
export function clientCache(options: ClientOptions): (adminKey: string) => OpenAI {
  let cached: { key: string; client: OpenAI } | undefined;
  return (adminKey) => {
    if (cached?.key !== adminKey)
      cached = { key: adminKey, client: createOpenAIClient(adminKey, options) };
    return cached.client;
  };
}
