import { afterAll, beforeEach, describe, expect, test } from "vitest";
import type { Db } from "~/utils/db.server";
import { plainTextToDoc } from "~/utils/rich-text";
import {
  closeDbs,
  freshDb,
  insertUser,
  projectInput,
} from "../../tests/setup/test-db";
import { verifyAuditChain } from "./audit.server";
import { createCandidate } from "./candidate.server";
import {
  costComparison,
  decisionSummary,
  getDecision,
  getTcoYears,
  reopenDecision,
  saveDecision,
  setTcoYears,
  signOffDecision,
} from "./decision.server";
import { createProject } from "./project.server";

afterAll(closeDbs);

let db: Db;
let lead: string;
let projectId: string;
let a: string;
let b: string;
let c: string;

async function candidate(product: string, over: Record<string, unknown> = {}) {
  const r = await createCandidate(db, lead, projectId, {
    vendor: `${product} Ltd`,
    product,
    edition: "",
    productVersion: "",
    hosting: "cloud",
    licenceModel: "subscription",
    pricePerUserMonthMinor: 1_000,
    perpetualPerUserMinor: 0,
    users: 10,
    implementationCostMinor: 500_000,
    annualSupportCostMinor: 20_000,
    demoAccess: "",
    contacts: "",
    ...over,
  });
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

const input = (over: Partial<Parameters<typeof saveDecision>[3]> = {}) => ({
  version: 0,
  chosenCandidateId: a,
  rationale: plainTextToDoc("Best coverage of the main tasks."),
  rationaleText: "Best coverage of the main tasks.",
  alternatives: [
    { candidateId: b, reason: "Too expensive" },
    { candidateId: c, reason: "No on-premise option" },
  ],
  ...over,
});

beforeEach(async () => {
  ({ db } = await freshDb());
  lead = (await insertUser(db, { name: "Anna Lead" })).id;
  projectId = (await createProject(db, lead, projectInput())).id;
  a = await candidate("Alpha");
  b = await candidate("Beta", {
    licenceModel: "perpetual",
    perpetualPerUserMinor: 50_000,
    pricePerUserMonthMinor: 0,
  });
  c = await candidate("Gamma");
});

describe("decision record", () => {
  test("save, sign off, edits refused, reopen — all audited", async () => {
    expect(await saveDecision(db, lead, projectId, input())).toEqual({
      ok: true,
      version: 1,
    });
    expect(await signOffDecision(db, lead, projectId, 1)).toEqual({ ok: true });
    const signed = await getDecision(db, projectId);
    expect(signed).toMatchObject({
      signedOffBy: "Anna Lead",
      signedOffAt: expect.any(Date),
      version: 2,
    });
    expect(
      await saveDecision(
        db,
        lead,
        projectId,
        input({ version: 2, rationaleText: "changed" }),
      ),
    ).toEqual({ ok: false, error: "signed_off" });
    expect((await getDecision(db, projectId)).rationaleText).toBe(
      "Best coverage of the main tasks.",
    );
    expect(await reopenDecision(db, lead, projectId)).toEqual({ ok: true });
    expect(await getDecision(db, projectId)).toMatchObject({
      signedOffBy: null,
      signedOffAt: null,
      version: 3,
    });
    expect(
      await saveDecision(
        db,
        lead,
        projectId,
        input({ version: 3, rationaleText: "changed" }),
      ),
    ).toEqual({ ok: true, version: 4 });
    const actions = (
      await db.auditEvent.findMany({
        where: { projectId, entityType: "decision" },
        orderBy: { seq: "asc" },
      })
    ).map((e) => e.action);
    expect(actions).toEqual([
      "decision.save",
      "decision.sign_off",
      "decision.reopen",
      "decision.save",
    ]);
    expect(await verifyAuditChain(db, projectId)).toMatchObject({ ok: true });
  });

  test("sign-off needs a reason for every other candidate and names the ones missing", async () => {
    await saveDecision(
      db,
      lead,
      projectId,
      input({
        alternatives: [
          { candidateId: b, reason: "Too expensive" },
          { candidateId: c, reason: "  " },
        ],
      }),
    );
    expect(await signOffDecision(db, lead, projectId, 1)).toEqual({
      ok: false,
      error: "missing_reasons",
      candidateIds: [c],
    });
    expect((await getDecision(db, projectId)).signedOffAt).toBeNull();
  });

  test("sign-off needs a choice and a rationale", async () => {
    await saveDecision(db, lead, projectId, input({ chosenCandidateId: null }));
    expect(await signOffDecision(db, lead, projectId, 1)).toEqual({
      ok: false,
      error: "no_choice",
    });
    await saveDecision(
      db,
      lead,
      projectId,
      input({ version: 1, rationale: plainTextToDoc(""), rationaleText: "" }),
    );
    expect(await signOffDecision(db, lead, projectId, 2)).toEqual({
      ok: false,
      error: "no_rationale",
    });
  });

  test("a stale save is refused with who changed it, nothing written", async () => {
    await saveDecision(db, lead, projectId, input());
    expect(
      await saveDecision(
        db,
        lead,
        projectId,
        input({ version: 0, rationaleText: "other" }),
      ),
    ).toMatchObject({ ok: false, error: "stale", changedBy: "Anna Lead" });
    expect((await getDecision(db, projectId)).rationaleText).toBe(
      "Best coverage of the main tasks.",
    );
  });

  test("a candidate of another project is refused", async () => {
    const otherProject = await createProject(
      db,
      lead,
      projectInput({ name: "Other" }),
    );
    const foreign = await createCandidate(db, lead, otherProject.id, {
      vendor: "Foreign Ltd",
      product: "Foreign",
      edition: "",
      productVersion: "",
      hosting: "cloud",
      licenceModel: "subscription",
      pricePerUserMonthMinor: 0,
      perpetualPerUserMinor: 0,
      users: 1,
      implementationCostMinor: 0,
      annualSupportCostMinor: 0,
      demoAccess: "",
      contacts: "",
    });
    if (!foreign.ok) throw new Error("setup");
    expect(
      await saveDecision(
        db,
        lead,
        projectId,
        input({ chosenCandidateId: foreign.id }),
      ),
    ).toEqual({ ok: false, error: "candidate_not_found" });
    expect(await db.decision.count()).toBe(0);
  });

  test("decisionSummary returns plain data with names and reasons", async () => {
    expect(await decisionSummary(db, projectId)).toBeNull();
    await saveDecision(db, lead, projectId, input());
    await signOffDecision(db, lead, projectId, 1);
    expect(await decisionSummary(db, projectId)).toEqual({
      chosen: { candidateId: a, product: "Alpha", vendor: "Alpha Ltd" },
      rationaleText: "Best coverage of the main tasks.",
      alternatives: [
        {
          candidateId: b,
          product: "Beta",
          vendor: "Beta Ltd",
          reason: "Too expensive",
        },
        {
          candidateId: c,
          product: "Gamma",
          vendor: "Gamma Ltd",
          reason: "No on-premise option",
        },
      ],
      signedOffBy: "Anna Lead",
      signedOffAt: expect.any(Date),
    });
  });
});

describe("cost comparison", () => {
  test("defaults to 3 years; the horizon is stored and audited; only estimated/agreed items count", async () => {
    expect(await getTcoYears(db, projectId)).toBe(3);
    const item = (status: string, fixedPriceMinor: number, stage: string) =>
      db.improvement.create({
        data: {
          projectId,
          candidateId: a,
          code: `I-${status}-${stage}`,
          title: "x",
          status,
          fixedPriceMinor,
          stage,
        },
      });
    await item("estimated", 10_000, "1");
    await item("agreed", 5_000, "2");
    await item("proposed", 999_999, "1");
    let { years, rows } = await costComparison(db, projectId);
    expect(years).toBe(3);
    const alpha = rows.find((r) => r.candidateId === a)!;
    expect(alpha.tco).toMatchObject({
      licencesMinor: 1_000 * 10 * 36,
      implementationMinor: 500_000,
      improvementsMinor: 15_000,
      supportMinor: 60_000,
    });
    expect(alpha.tco.improvementsByStage).toEqual({
      "1": 10_000,
      "2": 5_000,
      "3": 0,
      later: 0,
    });
    expect(alpha.tco.totalMinor).toBe(360_000 + 500_000 + 15_000 + 60_000);
    await setTcoYears(db, lead, projectId, 5);
    ({ years, rows } = await costComparison(db, projectId));
    expect(years).toBe(5);
    expect(rows.find((r) => r.candidateId === b)!.tco.licencesMinor).toBe(
      500_000,
    );
    expect(
      await db.auditEvent.count({
        where: { projectId, action: "evaluation.tco_years" },
      }),
    ).toBe(1);
    await expect(setTcoYears(db, lead, projectId, 11)).rejects.toBeInstanceOf(
      RangeError,
    );
  });
});
