// The one failure type of the simulated API: operations throw it, and the server alone decides
// how it looks on the wire, so the rules stay free of HTTP.

/** A failed call; the server turns it into the spec's ErrorResponse with this status. */
export class SimApiError extends Error {
  override name = "SimApiError";
  readonly status: number;
  readonly param: string | null;
  readonly code: string | null;
  readonly type: string;
  constructor(
    status: number,
    message: string,
    param: string | null = null,
    code: string | null = null,
    type = "invalid_request_error",
  ) {
    super(message);
    this.status = status;
    this.param = param;
    this.code = code;
    this.type = type;
  }
}

/** A 400 naming the offending parameter, as OpenAI's validation errors do. */
export function badParam(param: string, code: string, message: string): SimApiError {
  return new SimApiError(400, message, param, code);
}
