// The cursor scheme every list endpoint shares: `limit` plus an `after` id, answered with
// first_id/last_id/has_more, so the product's pagination is exercised the same way everywhere.
import { badParam } from "./api-error.js";

/** Query parameters of a request; last value wins for repeated keys. */
export type Query = Readonly<Record<string, string>>;
type Identified = { id: string; created_at: number };

// The spec: "Limit can range between 1 and 100, and the default is 20."
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^-?\d+$/.test(raw)) {
    throw badParam(
      "limit",
      "invalid_type",
      `Invalid type for 'limit': expected an integer, got '${raw}'.`,
    );
  }
  const limit = Number(raw);
  if (limit < 1)
    throw badParam("limit", "integer_below_min_value", `Invalid 'limit': ${raw} is below 1.`);
  if (limit > MAX_LIMIT) {
    throw badParam(
      "limit",
      "integer_above_max_value",
      `Invalid 'limit': ${raw} is above ${MAX_LIMIT}.`,
    );
  }
  return limit;
}

/** Ascending by created_at, ties broken by id so pages are stable. */
export function byCreation(a: Identified, b: Identified): number {
  return a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One page of an already ordered list; `after` must name an item of that list. */
export function paginate<T extends Identified>(
  items: readonly T[],
  query: Query,
  view: (item: T) => object,
) {
  const limit = parseLimit(query.limit);
  let start = 0;
  if (query.after !== undefined) {
    const index = items.findIndex((item) => item.id === query.after);
    if (index < 0)
      throw badParam(
        "after",
        "invalid_value",
        `Invalid 'after': '${query.after}' is not in this list.`,
      );
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  return {
    object: "list",
    data: page.map(view),
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
    has_more: start + limit < items.length,
  };
}
