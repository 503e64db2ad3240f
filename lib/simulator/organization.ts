// State model of the simulated OpenAI Admin API. The operations behind its endpoints live in
// listing.ts and toggle.ts, free of HTTP so the rules (pagination, atomic toggles) read as plain
// functions. Response shapes follow /work/shared/openapi/openai-admin-certificates.openapi.json.

export interface SimCertificate {
  id: string;
  name: string | null;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds. */
  valid_at?: number;
  /** Served verbatim inside certificate_details; tests seed odd values (missing, null, a string, milliseconds) on purpose. */
  expires_at?: unknown;
  /**
   * The PEM, served by getCertificate with `include[]=content`. Its dates need not match the two
   * above: a seeded certificate may leave either out of the listings, or contradict its PEM.
   */
  content?: string;
}

export interface SimProject {
  id: string;
  name: string | null;
  created_at: number;
  /** Archived when not null; status is "archived" then, else "active". */
  archived_at: number | null;
}

export interface SimOrganization {
  certificates: SimCertificate[];
  projects: SimProject[];
  /** Certificate ids active at organization level. */
  orgActive: string[];
  /** Project id -> certificate ids active in that project. */
  projectActive: Record<string, string[]>;
}
