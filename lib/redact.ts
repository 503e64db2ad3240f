// OpenAI's 401 answer echoes a masked form of the presented key ("sk-admi****wxyz"); even masked,
// key material does not belong in a report, a log line or a thrown error.
const KEY_LIKE = /\bsk-[A-Za-z0-9*_-]{3,}/g;
const BEARER = /\bBearer\s+\S+/gi;
const MIN_SECRET_LENGTH = 6;

/** Removes the given secrets and anything shaped like an OpenAI key or a bearer token from `text`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join("[redacted]");
  }
  return out.replace(BEARER, "Bearer [redacted]").replace(KEY_LIKE, "[redacted key]");
}
