import { describe, expect, it } from "vitest";
import { SecretError } from "../../lib/errors.js";
import { cachedAdminKey, fixedAdminKey, parseAdminKeySecret } from "../../lib/secrets.js";

const SIGNAL = new AbortController().signal;

const KEY = "sk-admin-secret-value-7f3a";

/** The SecretError `parse` throws; fails the test when it throws something else or nothing. */
function secretError(secretString: string | undefined): SecretError {
  try {
    parseAdminKeySecret(secretString);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretError);
    return error as SecretError;
  }
  throw new Error(`parseAdminKeySecret accepted ${JSON.stringify(secretString)}`);
}

/** A reader that answers `answers` in turn and counts its calls. */
function reader(...answers: (string | undefined | Error)[]) {
  const calls = { count: 0 };
  const read = async () => {
    const answer = answers[Math.min(calls.count, answers.length - 1)];
    calls.count++;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { read, calls };
}

describe("parseAdminKeySecret", () => {
  it("reads a raw key", () => {
    expect(parseAdminKeySecret(KEY)).toBe(KEY);
  });

  it("trims whitespace and newlines around a raw key", () => {
    expect(parseAdminKeySecret(`  ${KEY}\n`)).toBe(KEY);
  });

  it("reads the OPENAI_ADMIN_KEY field of a JSON secret, trimmed", () => {
    expect(parseAdminKeySecret(JSON.stringify({ OPENAI_ADMIN_KEY: KEY, other: 1 }))).toBe(KEY);
    expect(parseAdminKeySecret(` {"OPENAI_ADMIN_KEY": " ${KEY}\\n"} `)).toBe(KEY);
  });

  it.each([
    ["JSON without the field", JSON.stringify({ admin_key: KEY })],
    ["JSON whose field has a space", JSON.stringify({ OPENAI_ADMIN_KEY: `${KEY} extra` })],
    ["JSON whose field is not a string", JSON.stringify({ OPENAI_ADMIN_KEY: 12345678 })],
    ["malformed JSON", `{"OPENAI_ADMIN_KEY": "${KEY}"`],
    ["a raw value with spaces", `${KEY} ${KEY}`],
    ["a raw value that is too short", "sk-1234"],
  ])("rejects %s without showing the secret", (_case, secretString) => {
    const error = secretError(secretString);
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain(secretString);
  });

  it("says which shape was wrong", () => {
    expect(secretError(`{"OPENAI_ADMIN_KEY": "${KEY}"`).message).toContain("not valid JSON");
    expect(secretError(JSON.stringify({ admin_key: KEY })).message).toContain(
      "no usable OPENAI_ADMIN_KEY field",
    );
  });

  it.each([
    ["undefined", undefined],
    ["empty", ""],
    ["whitespace only", " \n\t"],
  ])("rejects a SecretString that is %s", (_case, secretString) => {
    expect(secretError(secretString).message).toContain("no SecretString");
  });
});

describe("cachedAdminKey", () => {
  it("reads the secret once while warm", async () => {
    const { read, calls } = reader(KEY);
    const provider = cachedAdminKey(read);
    expect(await provider.get(SIGNAL)).toBe(KEY);
    expect(await provider.get(SIGNAL)).toBe(KEY);
    expect(calls.count).toBe(1);
  });

  it("shares one read between concurrent callers", async () => {
    const { read, calls } = reader(KEY);
    const provider = cachedAdminKey(read);
    expect(
      await Promise.all([provider.get(SIGNAL), provider.get(SIGNAL), provider.get(SIGNAL)]),
    ).toEqual([KEY, KEY, KEY]);
    expect(calls.count).toBe(1);
  });

  it("does not cache a failed read: the next get() reads again", async () => {
    const { read, calls } = reader(new Error("throttled"), KEY);
    const provider = cachedAdminKey(read);
    await expect(provider.get(SIGNAL)).rejects.toBeInstanceOf(SecretError);
    expect(await provider.get(SIGNAL)).toBe(KEY);
    expect(calls.count).toBe(2);
  });

  it("does not cache a secret that failed to parse", async () => {
    const { read, calls } = reader("not a key", KEY);
    const provider = cachedAdminKey(read);
    await expect(provider.get(SIGNAL)).rejects.toBeInstanceOf(SecretError);
    expect(await provider.get(SIGNAL)).toBe(KEY);
    expect(calls.count).toBe(2);
  });

  it("reads a rotated secret after invalidate()", async () => {
    const rotated = "sk-admin-rotated-value-0001";
    const { read, calls } = reader(KEY, rotated);
    const provider = cachedAdminKey(read);
    expect(await provider.get(SIGNAL)).toBe(KEY);
    provider.invalidate();
    expect(await provider.get(SIGNAL)).toBe(rotated);
    expect(await provider.get(SIGNAL)).toBe(rotated);
    expect(calls.count).toBe(2);
  });

  it("turns a reader error into a SecretError naming the error but not the key", async () => {
    const denied = Object.assign(new Error("User is not authorized to perform GetSecretValue"), {
      name: "AccessDeniedException",
    });
    const { read } = reader(KEY, denied);
    const provider = cachedAdminKey(read);
    expect(await provider.get(SIGNAL)).toBe(KEY);
    provider.invalidate();
    const error = await provider.get(SIGNAL).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretError);
    const message = (error as SecretError).message;
    expect(message).toContain("AccessDeniedException");
    expect(message).toContain("not authorized to perform GetSecretValue");
    expect(message).not.toContain(KEY);
    expect((error as SecretError).cause).toBe(denied);
  });

  it("describes a non-Error rejection without echoing it", async () => {
    const provider = cachedAdminKey(() => Promise.reject(KEY));
    const error = await provider.get(SIGNAL).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretError);
    expect((error as SecretError).message).toContain("unknown error");
    expect((error as SecretError).message).not.toContain(KEY);
    // What it rejected with may be the secret itself: it is not kept as the cause.
    expect((error as SecretError).cause).toBeUndefined();
  });
});

describe("fixedAdminKey", () => {
  it("always returns the given key, also after invalidate()", async () => {
    const provider = fixedAdminKey(KEY);
    provider.invalidate();
    expect(await provider.get(SIGNAL)).toBe(KEY);
  });
});
