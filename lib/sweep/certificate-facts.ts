// What the run knows of each certificate's own PEM, read at most once per certificate per run and
// only when a decision needs it (the dates of one listed without them, a replacement's match).
import { type PemFacts, readPem } from "../certs/pem.js";

/** The facts of a certificate's PEM; or the API held none; or why it could not be read. */
type FactsReading = { facts: PemFacts } | { missing: true } | { reason: string };

/** Reads PEMs on demand, remembering each answer (or its failure) for the rest of the run. */
export interface CertificateFacts {
  read(id: string): Promise<FactsReading>;
}

export interface FactsDeps {
  /** The certificate's PEM, undefined when the API has none. */
  content: (id: string) => Promise<string | undefined>;
  describeError: (error: unknown) => string;
  /** True for an error after which nothing else can succeed: it rejects the read. */
  isFatal: (error: unknown) => boolean;
}

export function certificateFacts(deps: FactsDeps): CertificateFacts {
  const cache = new Map<string, Promise<FactsReading>>();
  const fetch = async (id: string): Promise<FactsReading> => {
    let content: string | undefined;
    try {
      content = await deps.content(id);
    } catch (error) {
      if (deps.isFatal(error)) throw error;
      return { reason: `its certificate could not be read: ${deps.describeError(error)}` };
    }
    if (content === undefined) return { missing: true };
    const reading = readPem(content);
    return reading.ok ? { facts: reading.facts } : { reason: reading.reason };
  };
  return {
    read(id) {
      let reading = cache.get(id);
      if (!reading) {
        reading = fetch(id);
        cache.set(id, reading);
      }
      return reading;
    },
  };
}
