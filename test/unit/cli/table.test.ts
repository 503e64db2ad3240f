// What `cert-sweep plan` and `apply` print on a terminal: the tables (lib/cli/table.ts) and the
// progress line (lib/cli/progress.ts).
import { describe, expect, it } from "vitest";
import { progressLine, terminalProgress } from "../../../lib/cli/progress.js";
import { renderTables } from "../../../lib/cli/table.js";
import { daysColumn } from "../../../lib/cli/table-layout.js";
import { buildReport, type RunFacts } from "../../../lib/report/build.js";
import type { Report } from "../../../lib/report/schema.js";
import { renderText } from "../../../lib/report/text.js";
import { emptyResult, type SweepResult } from "../../../lib/sweep/result.js";
import type { CertificateRef } from "../../../lib/sweep/select.js";
import { changeFacts, type FactsChanges, projectOutcome, runFacts } from "../../support/facts.js";
import { DAY, NOW_SECONDS } from "../../support/org-builder.js";

const HOUR = 3600;
const COLUMNS = ["CERTIFICATE", "NAME", "EXPIRES AT", "DAYS", "ACTION"] as const;

const ref = (id: string, expiresIn: number | undefined, name: string | null = `${id}-name`) => ({
  id,
  name,
  expires_at: expiresIn === undefined ? undefined : NOW_SECONDS + expiresIn,
});
const warning = (id: string, expiresIn: number) => ({
  ...ref(id, expiresIn),
  days_left: Math.floor(expiresIn / DAY),
});

const project = projectOutcome;

// Announces the 7-day tier for certificates expiring within 7 days, none for the others.
const FACTS: RunFacts = runFacts(NOW_SECONDS, {
  notice: {
    at: NOW_SECONDS,
    digest: false,
    tierOf: (c: Pick<CertificateRef, "expires_at">) =>
      c.expires_at !== undefined && c.expires_at - NOW_SECONDS < 7 * DAY ? 7 : null,
  },
});

function report(parts: Partial<SweepResult>, facts: FactsChanges = {}): Report {
  const result: SweepResult = {
    ...emptyResult(NOW_SECONDS * 1000),
    projectScan: "done",
    projectsListed: 3,
    projectsScanned: 3,
    ...parts,
  };
  return buildReport(result, changeFacts(FACTS, facts));
}

/** The lines of the block titled `title`, up to the blank line that ends it. */
function block(output: string, title: string): string[] {
  const lines = output.split("\n");
  const start = lines.indexOf(title);
  if (start < 0) throw new Error(`no block "${title}" in:\n${output}`);
  const end = lines.indexOf("", start);
  return lines.slice(start + 1, end);
}

/** The block's table rows, each cut into cells where the header's columns start. */
function rows(output: string, title: string): string[][] {
  const [header = "", ...rest] = block(output, title);
  const starts = COLUMNS.map((column) => header.indexOf(column));
  expect(starts.every((s, i) => s > (starts[i - 1] ?? -1))).toBe(true);
  const cut = (line: string) =>
    starts.map((s, i) => line.slice(s, starts[i + 1] ?? line.length).trim());
  expect(cut(header)).toEqual([...COLUMNS]);
  return rest.filter((line) => !isNote(line)).map(cut);
}

/** The block's notes: lines under the table that are not certificate rows. */
const notes = (output: string, title: string) => block(output, title).slice(1).filter(isNote);
const isNote = (line: string) => !/^ {2}cert_/.test(line);

describe("renderTables", () => {
  it("prints one aligned table per project, with expiry, days and what the dry run would do", () => {
    const out = renderTables(
      report(
        {
          projects: [
            project("proj_pay", {
              planned: [
                ref("cert_old", -3 * DAY - HOUR, "payments-gateway-ca-2025"),
                ref("cert_soon", 12 * HOUR, null),
              ],
              warnings: [warning("cert_week", 6 * DAY + HOUR), warning("cert_later", 9 * DAY)],
              unknownExpiry: [ref("cert_vendor", undefined)],
            }),
          ],
        },
        { dryRun: true },
      ),
    );
    expect(rows(out, "Project proj_pay (proj_pay)")).toEqual([
      ["cert_old", "payments-gateway-ca-2025", "2026-11-25 08:00 UTC", "3 ago", "would deactivate"],
      ["cert_soon", "-", "2026-11-28 21:00 UTC", "<1 left", "would deactivate"],
      ["cert_week", "cert_week-name", "2026-12-04 10:00 UTC", "6 left", "7-day warning"],
      ["cert_later", "cert_later-name", "2026-12-07 09:00 UTC", "9 left", "expiring"],
      ["cert_vendor", "cert_vendor-name", "-", "-", "unknown expiry, never deactivated"],
    ]);
  });

  it("pads each column to its widest cell and leaves no trailing spaces", () => {
    const out = renderTables(
      report(
        { projects: [project("proj_a", { planned: [ref("cert_x", -DAY, "a-much-longer-name")] })] },
        { dryRun: true },
      ),
    );
    expect(block(out, "Project proj_a (proj_a)")).toEqual([
      "  CERTIFICATE  NAME                EXPIRES AT            DAYS   ACTION",
      "  cert_x       a-much-longer-name  2026-11-27 09:00 UTC  1 ago  would deactivate",
    ]);
  });

  it("says deactivated once applied, and that a project was left without a valid certificate", () => {
    const applied = renderTables(
      report({
        projects: [project("proj_a", { deactivated: [ref("cert_x", 12 * HOUR)], validKept: 0 })],
      }),
    );
    expect(rows(applied, "Project proj_a (proj_a)").map((r) => r[4])).toEqual(["deactivated"]);
    expect(notes(applied, "Project proj_a (proj_a)")).toEqual([
      "  CRITICAL: left without a valid certificate; the next mutual-TLS request from this project will fail",
    ]);
    expect(applied).toContain(
      "\nCRITICAL: 1 project left without a valid certificate; deactivated 1 certificate in 1 project\n",
    );
  });

  it("warns that a dry run would leave a project without a valid certificate", () => {
    const planned = renderTables(
      report(
        { projects: [project("proj_a", { planned: [ref("cert_x", 12 * HOUR)], validKept: 0 })] },
        { dryRun: true },
      ),
    );
    expect(notes(planned, "Project proj_a (proj_a)")).toEqual([
      "  CRITICAL: would be left without a valid certificate; the next mutual-TLS request from this project will fail",
    ]);
  });

  it("marks the due certificates as kept when the safety cap tripped", () => {
    const held = {
      stage: "deactivate" as const,
      reason: "safety_cap" as const,
      error: "not attempted: the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN",
      requestId: null,
      certificates: [ref("cert_x", -DAY)],
    };
    const out = renderTables(
      report(
        { projects: [project("proj_a", { failures: [held] })], capTripped: true },
        { maxDeactivationsPerRun: 0 },
      ),
    );
    expect(rows(out, "Project proj_a (proj_a)").map((r) => r[4])).toEqual(["still active"]);
    expect(notes(out, "Project proj_a (proj_a)")).toEqual([
      "  not attempted: the safety cap tripped: more were due than MAX_DEACTIVATIONS_PER_RUN",
    ]);
    expect(out).toContain("Safety cap tripped: 1 certificate due, limit 0; nothing deactivated\n");
  });

  it("marks certificates a stopped run never got to as not attempted", () => {
    const stopped = {
      stage: "deactivate" as const,
      reason: "run_aborted" as const,
      error: "not attempted: the run stopped after the Admin API rejected the key",
      requestId: null,
      certificates: [ref("cert_x", -DAY)],
    };
    const out = renderTables(report({ projects: [project("proj_a", { failures: [stopped] })] }));
    expect(rows(out, "Project proj_a (proj_a)").map((r) => r[4])).toEqual(["still active"]);
  });

  it("in a plan over the cap, marks them kept and flags no project, since apply would do nothing", () => {
    const out = renderTables(
      report(
        {
          projects: [project("proj_a", { planned: [ref("cert_x", -DAY)], validKept: 0 })],
          capTripped: true,
        },
        { maxDeactivationsPerRun: 0, dryRun: true },
      ),
    );
    expect(rows(out, "Project proj_a (proj_a)").map((r) => r[4])).toEqual([
      "not deactivated (cap)",
    ]);
    expect(out).not.toContain("CRITICAL");
  });

  it("marks planned certificates as kept when the operator did not confirm", () => {
    const out = renderTables(
      report({ projects: [project("proj_a", { planned: [ref("cert_x", -DAY)] })], declined: true }),
    );
    expect(rows(out, "Project proj_a (proj_a)").map((r) => r[4])).toEqual(["not confirmed"]);
    expect(out).toContain("Not confirmed: would deactivate 1 certificate in 1 project\n");
  });

  it("shows a failed deactivation as still active, with the error under the table", () => {
    const out = renderTables(
      report({
        projects: [
          project("proj_a", {
            deactivated: [ref("cert_ok", -DAY)],
            failures: [
              {
                stage: "deactivate",
                reason: "error",
                requestId: null,
                error: "HTTP 500: boom",
                certificates: [ref("cert_bad", -DAY)],
              },
            ],
          }),
        ],
      }),
    );
    expect(rows(out, "Project proj_a (proj_a)").map((r) => [r[0], r[4]])).toEqual([
      ["cert_ok", "deactivated"],
      ["cert_bad", "still active"],
    ]);
    expect(notes(out, "Project proj_a (proj_a)")).toEqual(["  deactivate failed: HTTP 500: boom"]);
    expect(out).toMatch(/^FAILED: 1 project failed; 1 certificate deactivated$/m);
  });

  it("names a nameless project by its id", () => {
    const out = renderTables(
      report(
        { projects: [{ ...project("proj_anon", { planned: [ref("cert_x", -DAY)] }), name: null }] },
        { dryRun: true },
      ),
    );
    expect(rows(out, "proj_anon")).toHaveLength(1);
  });

  it("lists expiring certificates active for the whole organization in their own block, with how to act", () => {
    const out = renderTables(
      report({
        organization: {
          ...emptyResult(0).organization,
          certificates: 4,
          due: {
            deactivated: [],
            planned: [],
            failures: [],
            leftActive: [ref("cert_org", -15 * DAY)],
            heldBack: [],
          },
        },
      }),
    );
    const [row, ...others] = rows(out, "Organization level");
    expect(row?.slice(0, 4)).toEqual([
      "cert_org",
      "cert_org-name",
      "2026-11-13 09:00 UTC",
      "15 ago",
    ]);
    expect(row?.[4]).toMatch(/^left active \(DEACTIVATE_ORGANIZATION_CERTIFICATES is off\)$/);
    expect(others).toEqual([]);
    const [note, ...more] = notes(out, "Organization level");
    expect(note).toMatch(/^ {2}Active for the whole organization\b/);
    expect(note).toContain("DEACTIVATE_ORGANIZATION_CERTIFICATES=true");
    expect(note).toContain("--deactivate-organization-certificates true");
    expect(more).toEqual([]);
  });

  it("shows organization-level deactivations as planned in a dry run and done once applied", () => {
    const org = (due: Partial<SweepResult["organization"]["due"]>) => ({
      ...emptyResult(0).organization,
      certificates: 1,
      due: { deactivated: [], planned: [], failures: [], leftActive: [], heldBack: [], ...due },
    });
    const planned = renderTables(
      report(
        { organization: org({ planned: [ref("cert_org", -DAY)] }) },
        { dryRun: true, deactivateOrganization: true },
      ),
    );
    expect(rows(planned, "Organization level").map((r) => r[4])).toEqual(["would deactivate"]);
    expect(planned).toContain("Dry run: would deactivate 1 at the organization level\n");
    const done = renderTables(
      report(
        { organization: org({ deactivated: [ref("cert_org", -DAY)] }) },
        { deactivateOrganization: true },
      ),
    );
    expect(rows(done, "Organization level").map((r) => r[4])).toEqual(["deactivated"]);
  });

  it("says why projects were not scanned when nothing was due, with the organization's warnings", () => {
    const out = renderTables(
      report({
        projectScan: "skipped_nothing_due",
        projectsScanned: 0,
        organization: {
          ...emptyResult(0).organization,
          certificates: 2,
          expiringSoon: [warning("cert_week", 5 * DAY)],
          unknownExpiry: [ref("cert_vendor", undefined)],
        },
      }),
    );
    expect(rows(out, "Organization level").map((r) => [r[0], r[3], r[4]])).toEqual([
      ["cert_week", "5 left", "7-day warning"],
      ["cert_vendor", "-", "unknown expiry, never deactivated"],
    ]);
    expect(out).toContain(
      "\nNo certificate is in the deactivation window, so projects were not scanned.\n",
    );
  });

  it("lists run errors and projects not scanned before the headline", () => {
    const out = renderTables(
      report({
        runErrors: [{ stage: "list projects", requestId: null, error: "HTTP 503: unavailable" }],
        notScanned: [{ id: "proj_late", name: "Late", reason: "time_budget" }],
        missingIncluded: ["proj_gone"],
      }),
    );
    expect(out).toContain(
      [
        "Error (list projects): HTTP 503: unavailable",
        "Not scanned: Late (proj_late): the run's time budget ran out",
        "Not scanned: proj_gone: named in INCLUDE_PROJECTS but not in the project list",
        "",
        "FAILED: list projects failed, 2 projects not scanned; 0 certificates deactivated",
      ].join("\n"),
    );
  });

  it("prints only the headline and the counts when there is nothing to report", () => {
    expect(renderTables(report({ projectsListed: 2, projectsScanned: 2 }))).toBe(
      "Nothing to deactivate\nProjects: 2 listed, 2 scanned, 0 skipped, 0 failed, 0 not scanned. Certificates: 0 in the organization, 0 expiring soon, 0 with unknown expiry.\n",
    );
  });
});

describe("daysColumn", () => {
  const at = new Date(NOW_SECONDS * 1000).toISOString();
  const iso = (offsetSeconds: number) =>
    new Date((NOW_SECONDS + offsetSeconds) * 1000).toISOString();

  it("counts whole days left, or whole days since expiry", () => {
    expect(daysColumn(iso(9 * DAY + HOUR), at)).toBe("9 left");
    expect(daysColumn(iso(DAY), at)).toBe("1 left");
    expect(daysColumn(iso(-3 * DAY - HOUR), at)).toBe("3 ago");
  });

  it("says <1 for less than a day either way", () => {
    expect(daysColumn(iso(12 * HOUR), at)).toBe("<1 left");
    expect(daysColumn(iso(-2 * HOUR), at)).toBe("<1 ago");
  });

  it("shows - for an unknown expiry", () => {
    expect(daysColumn(null, at)).toBe("-");
  });
});

describe("progress", () => {
  const progress = { listed: 10, listingComplete: true, done: 3, found: 1 };

  it("says how many projects are done of how many, and what was found so far", () => {
    expect(progressLine(progress)).toBe("Scanning projects: 3 of 10, 1 certificate to deactivate");
    expect(progressLine({ ...progress, found: 4 })).toBe(
      "Scanning projects: 3 of 10, 4 certificates to deactivate",
    );
  });

  it("marks the total with + while the project list is still coming", () => {
    expect(progressLine({ ...progress, listingComplete: false })).toContain("3 of 10+,");
  });

  function terminal(options?: { afterMs?: number; intervalMs?: number }) {
    const clock = { t: 50_000 };
    const written: string[] = [];
    const bar = terminalProgress(
      (text) => written.push(text),
      () => clock.t,
      options,
    );
    return { clock, written, bar };
  }

  it("shows nothing for a scan shorter than a second, and clearing then writes nothing", () => {
    const { clock, written, bar } = terminal();
    bar.update(progress);
    clock.t += 999;
    bar.update(progress);
    bar.clear();
    expect(written).toEqual([]);
  });

  it("draws the line in place once the scan takes longer, at most every 100 ms", () => {
    const { clock, written, bar } = terminal();
    clock.t += 1_000;
    bar.update(progress);
    clock.t += 99;
    bar.update({ ...progress, done: 4 });
    clock.t += 1;
    bar.update({ ...progress, done: 5 });
    expect(written).toEqual([
      "\r\x1b[2KScanning projects: 3 of 10, 1 certificate to deactivate",
      "\r\x1b[2KScanning projects: 5 of 10, 1 certificate to deactivate",
    ]);
  });

  it("clears a drawn line once, leaving the terminal as it was", () => {
    const { clock, written, bar } = terminal({ afterMs: 0, intervalMs: 0 });
    bar.update(progress);
    clock.t += 1;
    bar.clear();
    bar.clear();
    expect(written).toEqual([
      "\r\x1b[2KScanning projects: 3 of 10, 1 certificate to deactivate",
      "\r\x1b[2K",
    ]);
  });

  it("takes its delay and interval as options", () => {
    const { clock, written, bar } = terminal({ afterMs: 5_000, intervalMs: 1_000 });
    clock.t += 4_999;
    bar.update(progress);
    clock.t += 1;
    bar.update(progress);
    clock.t += 999;
    bar.update(progress);
    clock.t += 1;
    bar.update(progress);
    expect(written).toHaveLength(2);
  });
});

describe("the words of the tables and of the email", () => {
  const failed = {
    stage: "deactivate" as const,
    reason: "error" as const,
    error: "HTTP 500: boom",
    requestId: null,
    certificates: [ref("cert_bad", -DAY)],
  };
  const everyKind = (parts: Partial<SweepResult> = {}): Partial<SweepResult> => ({
    projects: [
      project("proj_a", {
        deactivated: [ref("cert_done", -DAY)],
        planned: [ref("cert_plan", -DAY)],
        failures: [failed],
        warnings: [warning("cert_week", 6 * DAY)],
        unknownExpiry: [ref("cert_vendor", undefined)],
      }),
    ],
    organization: {
      ...emptyResult(0).organization,
      certificates: 1,
      due: {
        deactivated: [],
        planned: [],
        failures: [],
        leftActive: [ref("cert_org", -DAY)],
        heldBack: [],
      },
    },
    ...parts,
  });

  it.each([
    ["a dry run", {}, { dryRun: true }],
    ["an unconfirmed plan", { declined: true }, {}],
    ["a plan over the cap", { capTripped: true }, { dryRun: true }],
  ] as const)("name each certificate's action alike in %s", (_, parts, facts) => {
    const r = report(everyKind(parts), facts);
    const text = renderText(r);
    const actions = renderTables(r)
      .split("\n")
      .filter((line) => /^ {2}cert_/.test(line))
      .map((line) => line.split(/ {2,}/).at(-1) ?? "");
    expect(actions).toHaveLength(6);
    // Each as the email's bullet (or, for what a failure left active, the line under it) begins.
    const lineStarts = text.split("\n").map((line) => line.replace(/^ +(- )?/, ""));
    for (const action of actions) {
      expect(
        lineStarts.some((line) => line.startsWith(`${action}: `)),
        action,
      ).toBe(true);
    }
  });
});
