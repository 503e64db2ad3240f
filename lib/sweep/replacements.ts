// Replacements: a certificate B takes over from an expiring certificate A in project P when B has
// A's subject and issuer (from the PEMs), is valid now, expires after A, lies outside the
// deactivation window and is not active in P. Of several, the one that expires last.
import type { PemFacts } from "../certs/pem.js";
import type { CertificateFacts } from "./certificate-facts.js";
import { type CertificateRef, classify, type ExpiryPolicy, isValidAt } from "./select.js";

/** A certificate with what its PEM says of it. */
interface WithFacts {
  ref: CertificateRef;
  facts: PemFacts;
}

/** Could `b` replace `a` by its listed dates alone (before any PEM is read)? */
function mayReplace(
  a: CertificateRef,
  b: CertificateRef,
  nowSeconds: number,
  policy: ExpiryPolicy,
): boolean {
  return (
    b.id !== a.id &&
    b.expires_at !== undefined &&
    isValidAt(b, nowSeconds) &&
    classify(b.expires_at, nowSeconds, policy).action !== "deactivate" &&
    (a.expires_at === undefined || b.expires_at > a.expires_at)
  );
}

/** The replacement for `a` among `candidates`, by the rule above; undefined when none qualifies. */
export function pickReplacement(
  a: WithFacts,
  candidates: readonly WithFacts[],
  activeInProject: ReadonlySet<string>,
  nowSeconds: number,
  policy: ExpiryPolicy,
): CertificateRef | undefined {
  let best: CertificateRef | undefined;
  for (const { ref, facts } of candidates) {
    if (activeInProject.has(ref.id) || !mayReplace(a.ref, ref, nowSeconds, policy)) continue;
    if (facts.subject !== a.facts.subject || facts.issuer !== a.facts.issuer) continue;
    if ((ref.expires_at ?? 0) > (best?.expires_at ?? Number.NEGATIVE_INFINITY)) best = ref;
  }
  return best;
}

/** Finds replacements within one run, reading only the PEMs a match needs, each once. */
export interface ReplacementFinder {
  find(
    due: CertificateRef,
    activeInProject: ReadonlySet<string>,
  ): Promise<CertificateRef | undefined>;
  /** What a certificate's own PEM says, when the run has read it (or reads it now); once each. */
  own(id: string): Promise<PemFacts | undefined>;
}

export function replacementFinder(
  organization: readonly CertificateRef[],
  facts: CertificateFacts,
  nowSeconds: number,
  policy: ExpiryPolicy,
): ReplacementFinder {
  // The PEM's dates decide, as everywhere else.
  const withFacts = async (ref: CertificateRef): Promise<WithFacts | undefined> => {
    const reading = await facts.read(ref.id);
    if (!("facts" in reading)) return undefined;
    const { validAt, expiresAt } = reading.facts;
    return { ref: { ...ref, valid_at: validAt, expires_at: expiresAt }, facts: reading.facts };
  };
  return {
    async own(id) {
      const reading = await facts.read(id);
      return "facts" in reading ? reading.facts : undefined;
    },
    async find(due, activeInProject) {
      const candidates = organization.filter(
        (b) => !activeInProject.has(b.id) && mayReplace(due, b, nowSeconds, policy),
      );
      if (candidates.length === 0) return undefined;
      const a = await withFacts(due);
      if (!a) return undefined;
      const read = await Promise.all(candidates.map(withFacts));
      return pickReplacement(
        a,
        read.filter((c): c is WithFacts => c !== undefined),
        activeInProject,
        nowSeconds,
        policy,
      );
    },
  };
}
