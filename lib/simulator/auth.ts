// The admin-key check, answered the way OpenAI answers a missing or wrong key.
import { SimApiError } from "./api-error.js";

/** The token of a `Bearer` Authorization header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer +(\S.*)$/i.exec(header ?? "")?.[1]?.trim();
}

/** Mirrors OpenAI's message, which echoes part of the key: exactly what the product must redact. */
export function unauthorized(token: string | undefined): SimApiError {
  const message =
    token === undefined
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : `Incorrect API key provided: ${maskKey(token)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  return new SimApiError(401, message, null, "invalid_api_key");
}

/** First 7 and last 4 characters, like the real API; short keys come back whole, as they do from OpenAI. */
function maskKey(key: string): string {
  if (key.length < 12) return key;
  return `${key.slice(0, 7)}${"*".repeat(key.length - 11)}${key.slice(-4)}`;
}
