// Figures as the benchmark prints them.

/** 12,345 */
export function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

/** "180 ms" or "2.41 s" */
export function time(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Mebibytes, as Lambda counts its memory "MB". */
export function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
