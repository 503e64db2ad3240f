import { PaginationError } from "../errors.js";
import { withRequestId } from "../request-id.js";
import type { ListPage } from "./schemas.js";

/**
 * Follows a cursor-paginated list to the end, page by page, as an AsyncIterable.
 * The cursor is the page's `last_id` (the last item's id when absent). A page that says `has_more`
 * but whose cursor is empty or was seen before would loop forever, so it fails instead; so does a
 * list longer than `maxPages`, far beyond what the API can hold.
 */
export async function* paginate<T extends { id: string }>(
  fetchPage: (after: string | undefined) => Promise<ListPage<T>>,
  what: string,
  maxPages: number,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let after: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(after);
    yield* page.data;
    if (!page.has_more) return;
    // A page that breaks off the list names its answer: the handle OpenAI support asks for.
    const fail = (message: string) => withRequestId(new PaginationError(message), page.requestId);
    if (pages >= maxPages) throw fail(`${what}: more than ${maxPages} pages; giving up`);
    const next = page.last_id ?? page.data.at(-1)?.id;
    if (!next || seen.has(next)) {
      throw fail(
        `${what}: the API said has_more but the cursor did not advance (after=${next ?? "none"})`,
      );
    }
    seen.add(next);
    after = next;
  }
}

/** Reads an AsyncIterable to the end (Array.fromAsync is only in TypeScript's ESNext lib). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
