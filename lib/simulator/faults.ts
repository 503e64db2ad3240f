// Scripted failures (429s, 5xx, resets, hangs, canned bodies) so tests can drive the product's
// retry and error paths over real HTTP.
import { SimApiError } from "./api-error.js";
import { errorReply, type Reply } from "./replies.js";

type FaultKind = "rate_limit" | "server_error" | "reset" | "hang" | "respond";

export interface FaultRule {
  kind: FaultKind;
  method?: "GET" | "POST";
  /** Matches the request path (including the /v1 prefix): a substring, or a RegExp. Omitted: any path. */
  path?: string | RegExp;
  /** How many matching requests this rule affects; default 1. */
  times?: number;
  /** How many matching requests to let through untouched before the rule applies; default 0. */
  skip?: number;
  /** rate_limit: value of the Retry-After header in seconds (default 1). */
  retryAfterSeconds?: number;
  /** server_error: status (default 500). respond: status (default 200). */
  status?: number;
  /** respond: the JSON body to send instead of the real answer (for malformed-response tests). The real operation is NOT applied. */
  body?: unknown;
  /** respond: a body sent as it is, not JSON-encoded (e.g. a truncated or HTML answer). */
  rawBody?: string;
}

/** The rules still in force, each used up after `times` matching requests. */
export interface FaultQueue {
  /** The first rule with uses left that matches, spending one use; undefined when none does. */
  take(method: string, path: string): FaultRule | undefined;
  add(rule: FaultRule): void;
}

function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method !== method) return false;
  if (rule.path === undefined) return true;
  // search() ignores lastIndex, so a RegExp with the g flag still matches every time.
  return typeof rule.path === "string" ? path.includes(rule.path) : path.search(rule.path) >= 0;
}

/** A queue starting with `rules`, checked in order. */
export function createFaultQueue(rules: readonly FaultRule[]): FaultQueue {
  const entry = (rule: FaultRule) => ({ rule, left: rule.times ?? 1, skip: rule.skip ?? 0 });
  const faults = rules.map(entry);
  return {
    take(method, path) {
      for (const fault of faults) {
        if (fault.left === 0 || !ruleMatches(fault.rule, method, path)) continue;
        if (fault.skip > 0) {
          fault.skip -= 1;
          continue;
        }
        fault.left -= 1;
        return fault.rule;
      }
      return undefined;
    },
    add(rule) {
      faults.push(entry(rule));
    },
  };
}

/** A 429 asking the client to come back in `seconds`, as a rate or concurrency limit sends. */
export function rateLimited(seconds: number): Reply {
  const message = `Rate limit reached for requests. Please try again in ${seconds}s.`;
  const error = new SimApiError(429, message, null, "rate_limit_exceeded", "requests");
  return errorReply(error, { "retry-after": String(seconds) });
}

/** The answer for a fault that sends one; reset and hang send nothing and are handled by the caller. */
export function faultReply(rule: FaultRule): Reply {
  if (rule.kind === "rate_limit") return rateLimited(rule.retryAfterSeconds ?? 1);
  if (rule.kind === "server_error") {
    const message = "The server had an error while processing your request. Sorry about that!";
    return errorReply(new SimApiError(rule.status ?? 500, message, null, null, "server_error"));
  }
  return {
    status: rule.status ?? 200,
    body: rule.body,
    ...(rule.rawBody === undefined ? {} : { raw: rule.rawBody }),
  };
}
