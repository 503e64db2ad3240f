// What each variable accepts and defaults to, read from the schema itself, for the CLI's --help.
import type * as v from "valibot";
import { VariablesSchema } from "./schema.js";

type Node = {
  kind?: string;
  type?: string;
  message?: unknown;
  pipe?: readonly Node[];
  wrapped?: Node;
};

/** The first message that says what a value must be, depth first through pipes. */
function acceptedForm(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const own = typeof node.message === "string" ? node.message : undefined;
  if (own && (node.kind === "validation" || node.type === "picklist")) return own;
  for (const item of node.pipe ?? []) {
    const found = acceptedForm(item);
    if (found) return found;
  }
  return acceptedForm(node.wrapped);
}

/** A variable's default as set ("" when it has none) and its accepted form ("a whole number …"). */
export function describeVariable(name: string): { default: string; accepted: string } {
  const entry = (VariablesSchema.entries as Record<string, v.GenericSchema & Node>)[name];
  const fallback = (entry as { default?: unknown } | undefined)?.default;
  const form = acceptedForm(entry) ?? "";
  return {
    default: typeof fallback === "string" ? fallback : "",
    accepted: form.replace(/^must be /, ""),
  };
}
