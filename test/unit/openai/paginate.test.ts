import { describe, expect, it } from "vitest";
import { PaginationError } from "../../../lib/errors.js";
import { collect, paginate } from "../../../lib/openai/paginate.js";
import type { ListPage } from "../../../lib/openai/schemas.js";

type Item = { id: string };
const items = (...ids: string[]): Item[] => ids.map((id) => ({ id }));

/** A fetchPage that serves `pages` in order and records the `after` of each call. */
function pages(...served: ListPage<Item>[]) {
  const afters: (string | undefined)[] = [];
  const fetchPage = async (after: string | undefined) => {
    afters.push(after);
    const page = served[afters.length - 1];
    if (!page) throw new Error(`no page ${afters.length} (after=${after})`);
    return page;
  };
  return { fetchPage, afters };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("paginate", () => {
  it("follows has_more and last_id across pages, passing each cursor as after", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a", "b"), has_more: true, last_id: "b" },
      { data: items("c", "d"), has_more: true, last_id: "d" },
      { data: items("e"), has_more: false, last_id: "e" },
    );
    expect(await collect(paginate(fetchPage, "certificates", 100))).toEqual(
      items("a", "b", "c", "d", "e"),
    );
    expect(afters).toEqual([undefined, "b", "d"]);
  });

  it("uses the last item's id when last_id is null", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a", "b"), has_more: true, last_id: null },
      { data: items("c"), has_more: false, last_id: null },
    );
    expect(await collect(paginate(fetchPage, "projects", 100))).toEqual(items("a", "b", "c"));
    expect(afters).toEqual([undefined, "b"]);
  });

  it("stops when has_more is false, even with a last_id", async () => {
    const { fetchPage, afters } = pages({ data: items("a"), has_more: false, last_id: "a" });
    expect(await collect(paginate(fetchPage, "projects", 100))).toEqual(items("a"));
    expect(afters).toEqual([undefined]);
  });

  it("yields nothing for an empty last page", async () => {
    const { fetchPage } = pages({ data: [], has_more: false, last_id: null });
    expect(await collect(paginate(fetchPage, "projects", 100))).toEqual([]);
  });

  it("fails with a PaginationError naming the list when the cursor repeats", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a"), has_more: true, last_id: "a" },
      { data: items("a"), has_more: true, last_id: "a" },
      { data: items("z"), has_more: false, last_id: "z" },
    );
    const error = await rejection(collect(paginate(fetchPage, "project proj_1 certificates", 100)));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).message).toContain("project proj_1 certificates");
    expect((error as PaginationError).message).toContain("after=a");
    expect(afters).toEqual([undefined, "a"]);
  });

  it("fails when the cursor returns to one seen pages earlier", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a"), has_more: true, last_id: "a" },
      { data: items("b"), has_more: true, last_id: "b" },
      { data: items("a"), has_more: true, last_id: "a" },
    );
    expect(await rejection(collect(paginate(fetchPage, "projects", 100)))).toBeInstanceOf(
      PaginationError,
    );
    expect(afters).toEqual([undefined, "a", "b"]);
  });

  it("fails when a page says has_more but is empty with no cursor", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a"), has_more: true, last_id: "a" },
      { data: [], has_more: true, last_id: null },
    );
    const error = await rejection(collect(paginate(fetchPage, "projects", 100)));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).message).toContain("after=none");
    expect(afters).toEqual([undefined, "a"]);
  });

  it("yields the items of earlier pages before failing", async () => {
    const { fetchPage } = pages(
      { data: items("a", "b"), has_more: true, last_id: "b" },
      { data: items("c"), has_more: true, last_id: "b" },
    );
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of paginate(fetchPage, "projects", 100)) seen.push(item.id);
      })(),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect(seen).toEqual(["a", "b", "c"]);
  });

  it("passes a failing page fetch through unchanged", async () => {
    const failure = new Error("503 upstream");
    const fetchPage = async (): Promise<ListPage<Item>> => {
      throw failure;
    };
    expect(await rejection(collect(paginate(fetchPage, "projects", 100)))).toBe(failure);
  });

  it("fetches no further page than the consumer reads", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a", "b"), has_more: true, last_id: "b" },
      { data: items("c"), has_more: false, last_id: "c" },
    );
    for await (const item of paginate(fetchPage, "projects", 100)) {
      if (item.id === "a") break;
    }
    expect(afters).toEqual([undefined]);
  });
});

describe("collect", () => {
  it("reads an async iterable to the end in order", async () => {
    async function* numbers() {
      yield 1;
      yield 2;
      yield 3;
    }
    expect(await collect(numbers())).toEqual([1, 2, 3]);
  });

  it("returns an empty array for an empty iterable", async () => {
    async function* none(): AsyncGenerator<number> {}
    expect(await collect(none())).toEqual([]);
  });
});

describe("paginate page ceiling", () => {
  /** A fetchPage serving an endless list whose cursor always advances; counts its calls. */
  function endless() {
    const calls = { count: 0 };
    const fetchPage = async (): Promise<ListPage<Item>> => {
      calls.count++;
      const id = `item_${calls.count}`;
      return { data: items(id), has_more: true, last_id: id };
    };
    return { fetchPage, calls };
  }

  it("fails with a PaginationError naming the list once it goes past maxPages pages", async () => {
    const { fetchPage, calls } = endless();
    const error = await rejection(collect(paginate(fetchPage, "projects", 5)));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).message).toContain("projects");
    expect((error as PaginationError).message).toContain("more than 5 pages");
    expect(calls.count).toBe(5);
  });

  it("reads a list of exactly maxPages pages whole", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a"), has_more: true, last_id: "a" },
      { data: items("b"), has_more: true, last_id: "b" },
      { data: items("c"), has_more: false, last_id: "c" },
    );
    expect(await collect(paginate(fetchPage, "projects", 3))).toEqual(items("a", "b", "c"));
    expect(afters).toEqual([undefined, "a", "b"]);
  });

  it("fails a list one page longer than maxPages before asking for the extra page", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a"), has_more: true, last_id: "a" },
      { data: items("b"), has_more: true, last_id: "b" },
      { data: items("c"), has_more: false, last_id: "c" },
    );
    expect(await rejection(collect(paginate(fetchPage, "projects", 2)))).toBeInstanceOf(
      PaginationError,
    );
    expect(afters).toEqual([undefined, "a"]);
  });
});
