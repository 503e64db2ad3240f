// A loopback HTTP server playing OpenAI's Admin API for integration tests and the local demo.
// Built on node:http only, so what the product sees is real HTTP: status codes, headers, resets.
// This module wires the pieces together and owns the server's lifetime; handle-request.ts holds
// what happens to each request.
import { once } from "node:events";
import { createServer } from "node:http";
import { createFaultQueue, type FaultRule } from "./faults.js";
import { handleRequest, type SimulatorContext } from "./handle-request.js";
import type { SimulatorOptions } from "./options.js";
import type { SimCertificate, SimOrganization } from "./organization.js";
import { createRequestLog, type RecordedRequest } from "./recording.js";
import { send, simulatorFailure } from "./replies.js";

export type { FaultRule } from "./faults.js";
export type { SimulatorOptions } from "./options.js";
export type { RecordedRequest } from "./recording.js";

export interface Simulator {
  /** Base URL including "/v1"; use it as the OpenAI base URL. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Highest number of requests being handled at once since start/reset. */
  readonly maxInFlight: number;
  injectFault(rule: FaultRule): void;
  /** Rotates the admin key: from the next request on, only `newKey` is accepted. */
  rotateAdminKey(newKey: string): void;
  /**
   * A certificate uploaded now (as POST /organization/certificates would), then activated in
   * `projects`: how tests make an organization change between two runs.
   */
  upload(certificate: SimCertificate, projects?: readonly string[]): void;
  /** Current project-level active certificate ids, sorted. */
  activeInProject(projectId: string): string[];
  snapshot(): SimOrganization;
  resetRecording(): void;
  /** Stops listening and destroys open sockets, including hanging ones. */
  close(): Promise<void>;
}

/** Starts the simulator on 127.0.0.1 with an OS-chosen port. */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const state = structuredClone(options.organization);
  const faults = createFaultQueue(options.faults ?? []);
  const closing = new AbortController();
  const log = createRequestLog();
  const key = { current: options.adminKey };
  const context: SimulatorContext = { options, state, faults, log, closing: closing.signal, key };

  const server = createServer((req, res) => {
    // Only a throwing onRequest callback gets here; answer rather than leave the client waiting.
    handleRequest(context, req, res).catch((error: unknown) => send(res, simulatorFailure(error)));
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("Simulator has no TCP port");
  let closed: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    get requests() {
      return log.requests;
    },
    get maxInFlight() {
      return log.maxInFlight;
    },
    injectFault(rule) {
      faults.add(rule);
    },
    rotateAdminKey(newKey) {
      key.current = newKey;
    },
    upload(certificate, projects = []) {
      state.certificates.push(structuredClone(certificate));
      for (const id of projects) {
        state.projectActive[id] = [...(state.projectActive[id] ?? []), certificate.id];
      }
    },
    activeInProject(projectId) {
      return [...(state.projectActive[projectId] ?? [])].sort();
    },
    snapshot() {
      return structuredClone(state);
    },
    resetRecording() {
      log.reset();
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
