import { describe, expect, it } from "vitest";
import { PaginationError } from "../../lib/errors.js";
import { collect, paginate } from "../../lib/openai/paginate.js";
import type { ListPage } from "../../lib/openai/schemas.js";

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
    expect(await collect(paginate(fetchPage, "certificates"))).toEqual(
      items("a", "b", "c", "d", "e"),
    );
    expect(afters).toEqual([undefined, "b", "d"]);
  });

  it("uses the last item's id when last_id is null", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a", "b"), has_more: true, last_id: null },
      { data: items("c"), has_more: false, last_id: null },
    );
    expect(await collect(paginate(fetchPage, "projects"))).toEqual(items("a", "b", "c"));
    expect(afters).toEqual([undefined, "b"]);
  });

  it("stops when has_more is false, even with a last_id", async () => {
    const { fetchPage, afters } = pages({ data: items("a"), has_more: false, last_id: "a" });
    expect(await collect(paginate(fetchPage, "projects"))).toEqual(items("a"));
    expect(afters).toEqual([undefined]);
  });

  it("yields nothing for an empty last page", async () => {
    const { fetchPage } = pages({ data: [], has_more: false, last_id: null });
    expect(await collect(paginate(fetchPage, "projects"))).toEqual([]);
  });

  it("fails with a PaginationError naming the list when the cursor repeats", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a"), has_more: true, last_id: "a" },
      { data: items("a"), has_more: true, last_id: "a" },
      { data: items("z"), has_more: false, last_id: "z" },
    );
    const error = await rejection(collect(paginate(fetchPage, "project proj_1 certificates")));
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
    expect(await rejection(collect(paginate(fetchPage, "projects")))).toBeInstanceOf(
      PaginationError,
    );
    expect(afters).toEqual([undefined, "a", "b"]);
  });

  it("fails when a page says has_more but is empty with no cursor", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a"), has_more: true, last_id: "a" },
      { data: [], has_more: true, last_id: null },
    );
    const error = await rejection(collect(paginate(fetchPage, "projects")));
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
        for await (const item of paginate(fetchPage, "projects")) seen.push(item.id);
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
    expect(await rejection(collect(paginate(fetchPage, "projects")))).toBe(failure);
  });

  it("fetches no further page than the consumer reads", async () => {
    const { fetchPage, afters } = pages(
      { data: items("a", "b"), has_more: true, last_id: "b" },
      { data: items("c"), has_more: false, last_id: "c" },
    );
    for await (const item of paginate(fetchPage, "projects")) {
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
