/** The deactivate endpoint takes 1 to 10 ids per call (ToggleCertificatesRequest.maxItems). */
export const MAX_IDS_PER_CALL = 10;

/**
 * Splits ids into the fewest chunks of at most `size` (13 ids: 10 + 3), dropping repeats and
 * never producing an empty chunk.
 */
export function chunkIds(ids: readonly string[], size: number = MAX_IDS_PER_CALL): string[][] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_IDS_PER_CALL) {
    throw new RangeError(`chunk size must be a whole number from 1 to ${MAX_IDS_PER_CALL}`);
  }
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
  return chunks;
}
