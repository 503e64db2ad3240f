// Each due certificate of a project with its replacement, where one exists, and with its own PEM's
// dates when the match read them.
import type { PemFacts } from "../certs/pem.js";
import type { CertificateDates } from "./certificate-dates.js";
import type { ReplacementFinder } from "./replacements.js";
import { type CertificateRef, classify, type ExpiryPolicy, isValidAt } from "./select.js";

/**
 * The due certificates, each with its replacement where one exists: for those still valid (the
 * ones an operator can still act on), or for all when replacements are to be activated.
 */
export async function withReplacements(
  due: readonly CertificateRef[],
  active: ReadonlySet<string>,
  nowSeconds: number,
  policy: ExpiryPolicy,
  deps: {
    replacements: { finder: ReplacementFinder; activate: boolean } | undefined;
    dates: CertificateDates;
  },
): Promise<{ due: CertificateRef[]; notDue: CertificateRef[] }> {
  const { replacements } = deps;
  if (!replacements) return { due: [...due], notDue: [] };
  const looked = await Promise.all(
    due.map(async (c): Promise<CertificateRef> => {
      if (!replacements.activate && !isValidAt(c, nowSeconds)) return c;
      const replacement = await replacements.finder.find(c, active);
      const own = await replacements.finder.own(c.id);
      // Its PEM, read for the match, decides over the listing; a contradiction is reported.
      const dated = own ? ownDates(c, own, deps.dates) : c;
      return replacement ? { ...dated, replacement } : dated;
    }),
  );
  const isDue = (c: CertificateRef) =>
    classify(c.expires_at, nowSeconds, policy).action === "deactivate";
  return { due: looked.filter(isDue), notDue: looked.filter((c) => !isDue(c)) };
}

/** `c` with its PEM's dates where they differ from the listing's, noting the contradiction. */
function ownDates(c: CertificateRef, own: PemFacts, dates: CertificateDates): CertificateRef {
  if (c.valid_at === own.validAt && c.expires_at === own.expiresAt) return c;
  dates.note(c, own);
  return { ...c, valid_at: own.validAt, expires_at: own.expiresAt, datesFrom: "certificate" };
}

/** The distinct replacements named by `due`, in order. */
export const replacementsOf = (due: readonly CertificateRef[]): CertificateRef[] => [
  ...new Map(
    due.flatMap((c) => (c.replacement ? [[c.replacement.id, c.replacement] as const] : [])),
  ).values(),
];
