import { describe, expect, it } from "vitest";
import { redact } from "../../lib/redact.js";

describe("redact", () => {
  it("leaves text without secrets unchanged", () => {
    const text = "429 Rate limit reached for task-force project proj_abc (risk-free retry)";
    expect(redact(text)).toBe(text);
  });

  it("removes every occurrence of a given secret", () => {
    expect(redact("a hunter22 b hunter22", ["hunter22"])).toBe("a [redacted] b [redacted]");
  });

  it("treats secrets literally, even with regular-expression characters", () => {
    expect(redact("pw=p@ss.w*rd+(1) end", ["p@ss.w*rd+(1)"])).toBe("pw=[redacted] end");
  });

  it("leaves secrets shorter than 6 characters alone so ordinary words survive", () => {
    expect(redact("the admin key", ["the", "admin"])).toBe("the admin key");
    expect(redact("value abcdef", ["abcdef"])).toBe("value [redacted]");
  });

  it("removes anything shaped like an OpenAI key, even when not given", () => {
    expect(redact("key sk-admin-AbC123_xyz-9 was rejected.")).toBe(
      "key [redacted key] was rejected.",
    );
    // Sentence punctuation after a key is not part of it.
    expect(redact("Incorrect API key provided: sk-proj-AbC123. Check it.")).toBe(
      "Incorrect API key provided: [redacted key]. Check it.",
    );
  });

  it("removes the masked key OpenAI echoes in a 401 message", () => {
    const message = "Incorrect API key provided: sk-admi****wxyz. You can find your API key at ...";
    const out = redact(message);
    expect(out).toMatch(
      /^Incorrect API key provided: \[redacted key\]\.? You can find your API key at \.\.\.$/,
    );
    expect(out).not.toContain("sk-admi");
    expect(out).not.toContain("wxyz");
  });

  it("removes bearer tokens in any case", () => {
    expect(redact("Authorization: Bearer abc.def-ghi")).toBe("Authorization: Bearer [redacted]");
    expect(redact("authorization: bearer abc.def-ghi")).toBe("authorization: Bearer [redacted]");
  });

  it("removes a given secret that is not key-shaped as well as key-shaped text", () => {
    const out = redact("secret=opaque-token-123 key=sk-proj-999999", ["opaque-token-123"]);
    expect(out).toBe("secret=[redacted] key=[redacted key]");
  });
});
