// Reading and decoding request bodies. The raw text is read for every request so that POSTs can be
// recorded even when they are not valid JSON.
import type { IncomingMessage } from "node:http";
import { SimApiError } from "./api-error.js";

export type ParsedBody = { ok: true; value: unknown } | { ok: false };

/** The whole body as UTF-8; rejects if the client goes away mid-body. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** The body as JSON, or a marker that it is not JSON (answered only if an operation needs it). */
export function parseJson(raw: string): ParsedBody {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** The request body of a POST operation; OpenAI only accepts JSON there. */
export function jsonBody(contentType: string | undefined, parsed: ParsedBody): unknown {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  const fail = (code: string, message: string) => new SimApiError(400, message, null, code);
  if (mediaType !== "application/json") {
    throw fail("invalid_content_type", "Content-Type must be application/json.");
  }
  if (!parsed.ok) throw fail("invalid_json", "We could not parse the JSON body of your request.");
  return parsed.value;
}
