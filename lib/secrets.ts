import * as v from "valibot";
import { causeOf, SecretError } from "./errors.js";
import { redact } from "./redact.js";
import { requestIdOf, withRequestId } from "./request-id.js";

const AdminKeySchema = v.pipe(v.string(), v.trim(), v.regex(/^\S{8,}$/));
const JsonSecretSchema = v.object({ OPENAI_ADMIN_KEY: AdminKeySchema });

/**
 * Reads the admin key out of a SecretString: either the raw key, or JSON with an OPENAI_ADMIN_KEY
 * field (the shape the Secrets Manager console writes for key/value secrets).
 * Errors describe the shape that was wrong, never the content.
 */
export function parseAdminKeySecret(secretString: string | undefined): string {
  if (secretString === undefined || secretString.trim() === "") {
    throw new SecretError(
      "the admin key secret has no SecretString (binary or empty secrets are not supported)",
    );
  }
  const trimmed = secretString.trim();
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new SecretError("the admin key secret starts with '{' but is not valid JSON");
    }
    const result = v.safeParse(JsonSecretSchema, parsed);
    if (!result.success) {
      throw new SecretError(
        "the admin key secret is JSON but has no usable OPENAI_ADMIN_KEY field (a string without spaces)",
      );
    }
    return result.output.OPENAI_ADMIN_KEY;
  }
  const result = v.safeParse(AdminKeySchema, trimmed);
  if (!result.success) {
    throw new SecretError("the admin key secret is neither JSON nor a single key without spaces");
  }
  return result.output;
}

/** Where the admin key comes from; cached while the Lambda is warm. */
export interface AdminKeyProvider {
  /** The key; `signal` bounds a read that has to go to the secret store. */
  get(signal: AbortSignal): Promise<string>;
  /** Forget the cached key, e.g. after a 401, so the next run reads a rotated secret. */
  invalidate(): void;
}

/** Caches the key read through `readSecretString`; a failed read is not cached. */
export function cachedAdminKey(
  readSecretString: (signal: AbortSignal) => Promise<string | undefined>,
): AdminKeyProvider {
  let pending: Promise<string> | undefined;
  return {
    get(signal) {
      if (pending) return pending;
      const read = readSecretString(signal)
        .catch((error: unknown) => {
          // SDK errors name the secret and the reason, not its value; redacting is belt and braces.
          const reason =
            error instanceof Error ? redact(`${error.name}: ${error.message}`) : "unknown error";
          // The AWS request id goes along: it is what AWS support asks for.
          throw withRequestId(
            new SecretError(`could not read the admin key secret (${reason})`, causeOf(error)),
            requestIdOf(error)?.id,
            "aws",
          );
        })
        .then(parseAdminKeySecret);
      pending = read;
      read.catch(() => {
        if (pending === read) pending = undefined;
      });
      return read;
    },
    invalidate() {
      pending = undefined;
    },
  };
}

/** A provider for a key given directly (OPENAI_ADMIN_KEY, local runs). */
export function fixedAdminKey(key: string): AdminKeyProvider {
  return { get: async () => key, invalidate: () => {} };
}
