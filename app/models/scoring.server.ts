import crypto from 'node:crypto'
import type { Db, Tx } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import {
  DEFAULT_MULTIPLIERS,
  contributions,
  departsFromMean,
  isFlagged,
  mustCoverage,
  normaliseWeights,
  rawWeight,
  sensitivityTable,
  weightedScore,
  type Multipliers,
  type Sensitivity,
} from './scoring-math'

// ---------------------------------------------------------------------------------------
// Errors and shared lookups

export type ScoringErrorReason =
  | 'notEvaluator'
  | 'noOpenRound'
  | 'roundOpen'
  | 'roundNotClosed'
  | 'notLatest'
  | 'requirement'
  | 'candidate'
  | 'value'
  | 'cell'
  | 'commentRequired'
  | 'reasonRequired'

/** Something the caller asked that cannot be done; the route turns `reason` into a message. Nothing was written. */
export class ScoringError extends Error {
  constructor(
    public reason: ScoringErrorReason,
    public field?: string,
  ) {
    super(`Scoring refused: ${reason}${field ? ` (${field})` : ''}`)
  }
}

/** Key of one matrix cell: requirement × candidate. */
export function cellKey(requirementId: string, candidateId: string) {
  return `${requirementId}:${candidateId}`
}

export type EvaluationSettingsValues = Multipliers & { spreadThreshold: number; tcoYears: number }

export async function evaluationSettings(db: Tx, projectId: string): Promise<EvaluationSettingsValues> {
  const row = await db.evaluationSettings.findUnique({
    where: { projectId },
    select: { mustWeight: true, shouldWeight: true, couldWeight: true, spreadThreshold: true, tcoYears: true },
  })
  return {
    must: row?.mustWeight ?? DEFAULT_MULTIPLIERS.must,
    should: row?.shouldWeight ?? DEFAULT_MULTIPLIERS.should,
    could: row?.couldWeight ?? DEFAULT_MULTIPLIERS.could,
    spreadThreshold: row?.spreadThreshold ?? 2,
    tcoYears: row?.tcoYears ?? 3,
  }
}

/** The requirements that are scored: not deleted, not rejected. */
export const evaluatedWhere = (projectId: string) => ({ projectId, deletedAt: null, status: { not: 'rejected' } })

/** Rounds newest first (the first is the current one). */
export function listRounds(db: Tx, projectId: string) {
  return db.scoringRound.findMany({
    where: { projectId },
    orderBy: { number: 'desc' },
    select: { id: true, number: true, status: true, openedAt: true, closedAt: true },
  })
}

/** The latest closed round of a project, or null when none has closed yet. */
export function latestClosedRound(db: Tx, projectId: string) {
  return db.scoringRound.findFirst({
    where: { projectId, status: 'closed' },
    orderBy: { number: 'desc' },
    select: { id: true, number: true, closedAt: true },
  })
}

/** Leads and department heads always score; members only when the lead made them evaluators. */
export async function isEvaluator(db: Tx, projectId: string, userId: string): Promise<boolean> {
  const m = await db.membership.findFirst({ where: { projectId, userId }, select: { role: true, evaluator: true } })
  return m ? mayScore(m) : false
}

/** Leads and department heads score; members only when the lead made them evaluators. */
export function mayScore(m: { role: string; evaluator: boolean }): boolean {
  return m.role === 'lead' || m.role === 'department_head' || (m.role === 'member' && m.evaluator)
}

// ---------------------------------------------------------------------------------------
// Effective consensus (shared with the improvements area)

/**
 * The agreed value of every scored cell: the lead's consensus value when set, else the
 * evaluators' mean, from the latest closed round that scored the cell. A later round that
 * re-scores a few cells (after a new demo, say) replaces those cells only. Empty when no
 * round has closed.
 */
export async function effectiveConsensus(db: Tx, projectId: string): Promise<Map<string, number>> {
  const rows = await db.consensusScore.findMany({
    where: { round: { projectId, status: 'closed' } },
    orderBy: { round: { number: 'asc' } },
    select: { requirementId: true, candidateId: true, mean: true, value: true },
  })
  // Oldest round first: a newer round's row for the same cell overwrites the older one.
  return new Map(rows.map((r) => [cellKey(r.requirementId, r.candidateId), r.value ?? r.mean]))
}

// ---------------------------------------------------------------------------------------
// Weights

export type WeightedRequirement = {
  id: string
  code: string
  title: string
  priority: string
  type: string
  departmentId: string | null
  raw: number
  override: { weight: number; reason: string } | null
  importance: number | null
  /** Normalised: the weights of all evaluated requirements sum to 1. */
  weight: number
}

const PRIORITY_ORDER: Record<string, number> = { must: 0, should: 1, could: 2 }

/**
 * Every evaluated requirement with its weight, main tasks first then by code. One query for
 * the requirements, one grouped query for importance ratings, one for overrides.
 */
export async function requirementWeights(db: Tx, projectId: string, multipliers?: Multipliers): Promise<WeightedRequirement[]> {
  const m = multipliers ?? (await evaluationSettings(db, projectId))
  // One pass over the project's requirements with their importance ratings averaged in SQL:
  // at 600 requirements this is several times faster than a findMany plus a grouped IN (…).
  const [reqs, overrides] = await Promise.all([
    db.$queryRaw<{ id: string; code: string; title: string; priority: string; type: string; departmentId: string | null; importance: number | null }[]>`
      SELECT r.id, r.code, r.title, r.priority, r.type, r.departmentId, AVG(g.importance) AS importance
      FROM Requirement r LEFT JOIN Rating g ON g.requirementId = r.id
      WHERE r.projectId = ${projectId} AND r.deletedAt IS NULL AND r.status <> 'rejected'
      GROUP BY r.id`,
    db.requirementWeight.findMany({ where: { projectId }, select: { requirementId: true, weight: true, reason: true } }),
  ])
  const overrideOf = new Map(overrides.map((o) => [o.requirementId, o]))
  const rows: WeightedRequirement[] = reqs.map(({ importance: avg, ...r }) => {
    // Rounded to one decimal like ratingAggregates, so the weight matches the mean people see.
    const importance = avg === null ? null : Math.round(Number(avg) * 10) / 10
    const o = overrideOf.get(r.id)
    return {
      ...r,
      importance,
      raw: o ? o.weight : rawWeight(r.priority, importance, m),
      override: o ? { weight: o.weight, reason: o.reason } : null,
      weight: 0,
    }
  })
  const normalised = normaliseWeights(rows.map((r) => r.raw))
  rows.forEach((r, i) => (r.weight = normalised[i]!))
  rows.sort((a, b) => (PRIORITY_ORDER[a.priority] ?? 3) - (PRIORITY_ORDER[b.priority] ?? 3) || a.code.localeCompare(b.code, 'en', { numeric: true }))
  return rows
}

/** The lead's override of a requirement's raw weight; a reason is required. */
export async function setRequirementWeight(
  db: Db,
  actorId: string,
  projectId: string,
  input: { requirementId: string; weight: number; reason: string },
) {
  const reason = input.reason.trim()
  if (!reason) throw new ScoringError('reasonRequired', 'reason')
  if (!Number.isFinite(input.weight) || input.weight < 0 || input.weight > 100) throw new ScoringError('value', 'weight')
  return db.$transaction(async (tx) => {
    const req = await tx.requirement.findFirst({ where: { id: input.requirementId, ...evaluatedWhere(projectId) }, select: { id: true } })
    if (!req) throw new ScoringError('requirement', 'requirementId')
    const before = await tx.requirementWeight.findUnique({ where: { requirementId: req.id }, select: { weight: true, reason: true } })
    const data = { weight: input.weight, reason, setById: actorId }
    await tx.requirementWeight.upsert({ where: { requirementId: req.id }, create: { requirementId: req.id, projectId, ...data }, update: data })
    await recordAudit(tx, { actorId, projectId, action: 'weight.override', entityType: 'requirement', entityId: req.id, before, after: { weight: input.weight, reason } })
    return { requirementId: req.id }
  })
}

/** Back to the computed weight. */
export async function clearRequirementWeight(db: Db, actorId: string, projectId: string, requirementId: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.requirementWeight.findFirst({ where: { requirementId, projectId }, select: { weight: true, reason: true } })
    if (!before) throw new ScoringError('requirement', 'requirementId')
    await tx.requirementWeight.delete({ where: { requirementId } })
    await recordAudit(tx, { actorId, projectId, action: 'weight.clear', entityType: 'requirement', entityId: requirementId, before })
    return { requirementId }
  })
}

export async function saveEvaluationSettings(
  db: Db,
  actorId: string,
  projectId: string,
  input: { mustWeight: number; shouldWeight: number; couldWeight: number; spreadThreshold: number },
) {
  if (![1, 2, 3].includes(input.spreadThreshold)) throw new ScoringError('value', 'spreadThreshold')
  for (const k of ['mustWeight', 'shouldWeight', 'couldWeight'] as const) {
    if (!Number.isFinite(input[k]) || input[k] < 0 || input[k] > 100) throw new ScoringError('value', k)
  }
  const data = { mustWeight: input.mustWeight, shouldWeight: input.shouldWeight, couldWeight: input.couldWeight, spreadThreshold: input.spreadThreshold }
  return db.$transaction(async (tx) => {
    const before = await evaluationSettings(tx, projectId)
    await tx.evaluationSettings.upsert({ where: { projectId }, create: { projectId, ...data }, update: data })
    await recordAudit(tx, { actorId, projectId, action: 'evaluation.settings', entityType: 'project', entityId: projectId, before, after: data })
    return data
  })
}

// ---------------------------------------------------------------------------------------
// Rounds

export async function openRound(db: Db, actorId: string, projectId: string) {
  return db.$transaction(async (tx) => {
    const latest = await tx.scoringRound.findFirst({ where: { projectId }, orderBy: { number: 'desc' }, select: { number: true, status: true } })
    if (latest?.status === 'open') throw new ScoringError('roundOpen')
    const number = (latest?.number ?? 0) + 1
    const round = await tx.scoringRound.create({ data: { projectId, number }, select: { id: true, number: true } })
    await recordAudit(tx, { actorId, projectId, action: 'round.open', entityType: 'scoringRound', entityId: round.id, after: { number } })
    return round
  })
}

/**
 * Closes the open round: individual scores lock (submitScore accepts only an open round), and
 * every scored cell gets its consensus row (mean, spread, number of evaluators).
 */
export async function closeRound(db: Db, actorId: string, projectId: string) {
  return db.$transaction(async (tx) => {
    const round = await tx.scoringRound.findFirst({ where: { projectId, status: 'open' }, select: { id: true, number: true } })
    if (!round) throw new ScoringError('noOpenRound')
    await tx.consensusScore.deleteMany({ where: { roundId: round.id } })
    // Aggregated and inserted in one statement: createMany of 3,000 rows takes over a second on
    // SQLite, this takes tens of milliseconds. Ids are random 128-bit hex (any unique string).
    const cells = await tx.$executeRaw`
      INSERT INTO ConsensusScore (id, roundId, requirementId, candidateId, mean, spread, evaluators, comment)
      SELECT lower(hex(randomblob(16))), roundId, requirementId, candidateId, AVG(value), MAX(value) - MIN(value), COUNT(*), ''
      FROM Score WHERE roundId = ${round.id}
      GROUP BY requirementId, candidateId`
    await tx.scoringRound.update({ where: { id: round.id }, data: { status: 'closed', closedAt: new Date() } })
    await recordAudit(tx, { actorId, projectId, action: 'round.close', entityType: 'scoringRound', entityId: round.id, after: { number: round.number, cells } })
    return { id: round.id, cells }
  })
}

/** Reopens the latest round when it is closed: its consensus rows are discarded (recomputed at the next close). */
export async function reopenRound(db: Db, actorId: string, projectId: string) {
  return db.$transaction(async (tx) => {
    const latest = await tx.scoringRound.findFirst({ where: { projectId }, orderBy: { number: 'desc' }, select: { id: true, number: true, status: true } })
    if (!latest || latest.status !== 'closed') throw new ScoringError('roundNotClosed')
    const discarded = await tx.consensusScore.deleteMany({ where: { roundId: latest.id } })
    await tx.scoringRound.update({ where: { id: latest.id }, data: { status: 'open', closedAt: null } })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: 'round.reopen',
      entityType: 'scoringRound',
      entityId: latest.id,
      before: { status: 'closed', consensusRows: discarded.count },
      after: { status: 'open' },
    })
    return { id: latest.id }
  })
}

// ---------------------------------------------------------------------------------------
// Individual scores

export const BASES = ['demo', 'claim', 'docs'] as const
export type Basis = (typeof BASES)[number]
export type ScoreInput = { requirementId: string; candidateId: string; value: number; comment: string; basis: Basis | null }

/**
 * One evaluator's score of one cell in the open round: an upsert on the cell's unique key, so
 * concurrent saves of other cells (or by other evaluators) never overwrite each other.
 */
export async function submitScore(
  db: Db,
  evaluatorId: string,
  projectId: string,
  input: ScoreInput,
  /** The caller's membership when already loaded (the route has it): saves a query. */
  membership?: { role: string; evaluator: boolean },
) {
  if (!Number.isInteger(input.value) || input.value < 0 || input.value > 3) throw new ScoringError('value', 'value')
  if (input.basis !== null && !(BASES as readonly string[]).includes(input.basis)) throw new ScoringError('value', 'basis')
  const allowed = membership ? mayScore(membership) : await isEvaluator(db, projectId, evaluatorId)
  if (!allowed) throw new ScoringError('notEvaluator')
  // Fast path, one statement: the upsert happens only when the round is open and the
  // requirement and candidate belong to the project. Many evaluators save at once; every
  // extra query and an interactive transaction would serialise them for nothing.
  const comment = input.comment.trim()
  const now = new Date().toISOString().replace('Z', '+00:00')
  const written = await db.$queryRaw<{ roundId: string }[]>`
    INSERT INTO Score (id, roundId, requirementId, candidateId, evaluatorId, value, comment, basis, createdAt, updatedAt)
    SELECT ${crypto.randomUUID()}, r.id, ${input.requirementId}, ${input.candidateId}, ${evaluatorId}, ${input.value}, ${comment}, ${input.basis}, ${now}, ${now}
      FROM ScoringRound r
     WHERE r.projectId = ${projectId} AND r.status = 'open'
       AND EXISTS (SELECT 1 FROM Requirement q WHERE q.id = ${input.requirementId} AND q.projectId = ${projectId} AND q.deletedAt IS NULL AND q.status <> 'rejected')
       AND EXISTS (SELECT 1 FROM Candidate c WHERE c.id = ${input.candidateId} AND c.projectId = ${projectId})
    ON CONFLICT (roundId, requirementId, candidateId, evaluatorId)
    DO UPDATE SET value = excluded.value, comment = excluded.comment, basis = excluded.basis, updatedAt = excluded.updatedAt
    RETURNING roundId`
  const roundId = written[0]?.roundId
  if (roundId) {
    // How many cells this evaluator has scored in the open round: the page shows it without reloading.
    const progress = await db.score.count({ where: { roundId, evaluatorId } })
    return { value: input.value, progress }
  }
  // Nothing written: find out why, to say so.
  const round = await db.scoringRound.findFirst({ where: { projectId, status: 'open' }, select: { id: true } })
  if (!round) throw new ScoringError('noOpenRound')
  const [req, cand] = await Promise.all([
    db.requirement.count({ where: { id: input.requirementId, ...evaluatedWhere(projectId) } }),
    db.candidate.count({ where: { id: input.candidateId, projectId } }),
  ])
  if (req !== 1) throw new ScoringError('requirement', 'requirementId')
  if (cand !== 1) throw new ScoringError('candidate', 'candidateId')
  throw new ScoringError('value', 'value')
}

// ---------------------------------------------------------------------------------------
// Consensus

/**
 * The lead's consensus value for a cell of the latest closed round. A value away from the mean
 * needs a comment and keeps the mean; the mean itself clears the override.
 */
export async function setConsensus(
  db: Db,
  actorId: string,
  projectId: string,
  input: { requirementId: string; candidateId: string; value: number; comment: string },
) {
  if (!Number.isFinite(input.value) || input.value < 0 || input.value > 3) throw new ScoringError('value', 'value')
  const comment = input.comment.trim()
  return db.$transaction(async (tx) => {
    const round = await latestClosedRound(tx, projectId)
    const latest = await tx.scoringRound.findFirst({ where: { projectId }, orderBy: { number: 'desc' }, select: { id: true } })
    if (!round || latest?.id !== round.id) throw new ScoringError('roundNotClosed')
    const cell = await tx.consensusScore.findUnique({
      where: { roundId_requirementId_candidateId: { roundId: round.id, requirementId: input.requirementId, candidateId: input.candidateId } },
      select: { id: true, mean: true, value: true, comment: true },
    })
    if (!cell) throw new ScoringError('cell')
    const override = departsFromMean(input.value, cell.mean)
    if (override && !comment) throw new ScoringError('commentRequired', 'comment')
    const data = override
      ? { value: input.value, comment, changedById: actorId, changedAt: new Date() }
      : { value: null, comment: '', changedById: actorId, changedAt: new Date() }
    await tx.consensusScore.update({ where: { id: cell.id }, data })
    await recordAudit(tx, {
      actorId,
      projectId,
      action: override ? 'consensus.change' : 'consensus.reset',
      entityType: 'consensusScore',
      entityId: cell.id,
      before: { value: cell.value, comment: cell.comment, mean: cell.mean },
      after: { value: data.value, comment: data.comment },
    })
    return { id: cell.id, value: data.value }
  })
}

// ---------------------------------------------------------------------------------------
// The matrix page

export type MatrixFilters = { priority?: string; type?: string; departmentId?: string; page: number }
export const MATRIX_PAGE_SIZE = 25

export type MatrixCell =
  | { kind: 'own'; value: number; comment: string; basis: string | null }
  | { kind: 'consensus'; mean: number; spread: number; evaluators: number; value: number | null; comment: string; flagged: boolean }

/**
 * What the matrix page shows: one page of requirements with weights, the candidates, and the
 * cells. While a round is open the cells are the viewer's OWN scores only (the query is scoped
 * to the evaluator: others' scores never leave the database); once closed, the consensus.
 */
export async function scoringMatrix(db: Tx, projectId: string, viewerId: string, filters: MatrixFilters, pageSize = MATRIX_PAGE_SIZE) {
  const settings = await evaluationSettings(db, projectId)
  const [rounds, candidates, weighted, evaluator] = await Promise.all([
    listRounds(db, projectId),
    db.candidate.findMany({ where: { projectId }, orderBy: { position: 'asc' }, select: { id: true, vendor: true, product: true } }),
    requirementWeights(db, projectId, settings),
    isEvaluator(db, projectId, viewerId),
  ])
  const round = rounds[0] ?? null
  const filtered = weighted.filter(
    (r) =>
      (!filters.priority || r.priority === filters.priority) &&
      (!filters.type || r.type === filters.type) &&
      (!filters.departmentId || r.departmentId === filters.departmentId),
  )
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize))
  const page = Math.min(Math.max(1, filters.page), pages)
  const rows = filtered.slice((page - 1) * pageSize, page * pageSize)
  const ids = rows.map((r) => r.id)
  const cells: Record<string, MatrixCell> = {}
  let flaggedTotal = 0
  if (round?.status === 'open') {
    const own = await db.score.findMany({
      where: { roundId: round.id, evaluatorId: viewerId, requirementId: { in: ids } },
      select: { requirementId: true, candidateId: true, value: true, comment: true, basis: true },
    })
    for (const s of own) cells[cellKey(s.requirementId, s.candidateId)] = { kind: 'own', value: s.value, comment: s.comment, basis: s.basis }
  } else if (round?.status === 'closed') {
    const [consensus, flagged] = await Promise.all([
      db.consensusScore.findMany({
        where: { roundId: round.id, requirementId: { in: ids } },
        select: { requirementId: true, candidateId: true, mean: true, spread: true, evaluators: true, value: true, comment: true },
      }),
      db.consensusScore.count({ where: { roundId: round.id, spread: { gte: settings.spreadThreshold } } }),
    ])
    flaggedTotal = flagged
    for (const c of consensus) {
      cells[cellKey(c.requirementId, c.candidateId)] = {
        kind: 'consensus',
        mean: c.mean,
        spread: c.spread,
        evaluators: c.evaluators,
        value: c.value,
        comment: c.comment,
        flagged: isFlagged(c.spread, settings.spreadThreshold),
      }
    }
  }
  const ownProgress =
    round?.status === 'open' && evaluator
      ? await db.score.count({ where: { roundId: round.id, evaluatorId: viewerId } })
      : null
  return {
    settings,
    round,
    roundCount: rounds.length,
    evaluator,
    candidates,
    rows: rows.map((r) => ({ id: r.id, code: r.code, title: r.title, priority: r.priority, weight: r.weight, override: r.override, raw: r.raw, importance: r.importance })),
    cells,
    flaggedTotal,
    ownProgress,
    cellsTotal: weighted.length * candidates.length,
    total: filtered.length,
    page,
    pages,
  }
}

// ---------------------------------------------------------------------------------------
// Results

const PLANNED = ['proposed', 'sent', 'estimated', 'agreed']

export type CandidateResult = {
  candidateId: string
  weightedScore: number
  coverageAsIs: number
  coverageAfter: number
  mustTotal: number
  /** Ids of must requirements the candidate fails (not supported, no feasible improvement planned). */
  knockOuts: string[]
}

type ResultsInput = {
  weighted: WeightedRequirement[]
  candidates: { id: string }[]
  effective: Map<string, number>
  /** `${requirementId}:${candidateId}` → the best planned improvement's feasibility. */
  planned: Map<string, { feasible: boolean }>
}

async function resultsInput(db: Tx, projectId: string): Promise<ResultsInput> {
  const [weighted, candidates, effective, links] = await Promise.all([
    requirementWeights(db, projectId),
    db.candidate.findMany({ where: { projectId }, orderBy: { position: 'asc' }, select: { id: true } }),
    effectiveConsensus(db, projectId),
    db.improvementRequirement.findMany({
      where: { improvement: { projectId, status: { in: PLANNED }, feasibility: 'feasible' } },
      select: { requirementId: true, improvement: { select: { candidateId: true } } },
    }),
  ])
  const planned = new Map<string, { feasible: boolean }>()
  for (const l of links) planned.set(cellKey(l.requirementId, l.improvement.candidateId), { feasible: true })
  return { weighted, candidates, effective, planned }
}

/**
 * Pure part of the results: weighted score, coverage as is / after planned improvements and
 * knock-outs per candidate, plus the value matrix the charts and the sensitivity use.
 */
export function computeResults({ weighted, candidates, effective, planned }: ResultsInput) {
  const weights = weighted.map((r) => r.weight)
  const values = candidates.map((c) => weighted.map((r) => effective.get(cellKey(r.id, c.id))))
  const musts = weighted.map((r, i) => [r, i] as const).filter(([r]) => r.priority === 'must')
  const results: CandidateResult[] = candidates.map((c, ci) => {
    const cov = mustCoverage(
      musts.map(([r, i]) => {
        const p = planned.get(cellKey(r.id, c.id))
        return { requirementId: r.id, value: values[ci]![i], planned: !!p, rescues: !!p?.feasible }
      }),
    )
    return {
      candidateId: c.id,
      weightedScore: weightedScore(weights, values[ci]!),
      coverageAsIs: cov.asIs,
      coverageAfter: cov.after,
      mustTotal: cov.mustTotal,
      knockOuts: cov.knockOuts,
    }
  })
  return { weights, values, results }
}

/**
 * Per candidate, from the latest closed round's effective consensus: weighted score (0–100),
 * coverage of main tasks as is and after planned feasible improvements (0–1), and knock-outs.
 * Empty scores (no closed round) give 0 everywhere.
 */
export async function candidateResults(db: Tx, projectId: string): Promise<CandidateResult[]> {
  return computeResults(await resultsInput(db, projectId)).results
}

/** Everything the results page shows: summary, heatmap, contributions, sensitivity. */
export async function scoringResults(db: Tx, projectId: string, opts: { heatmapLimit?: number } = {}) {
  const [input, round, candidates] = await Promise.all([
    resultsInput(db, projectId),
    latestClosedRound(db, projectId),
    db.candidate.findMany({ where: { projectId }, orderBy: { position: 'asc' }, select: { id: true, vendor: true, product: true } }),
  ])
  const { weights, values, results } = computeResults(input)
  const byWeight = input.weighted
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.weight - a.r.weight || a.r.code.localeCompare(b.r.code, 'en', { numeric: true }))
  const top15 = byWeight.slice(0, 15)
  const contrib = values.map((row) => contributions(weights, row))
  const sensitivity: Sensitivity[] = round && candidates.length > 1 ? sensitivityTable(weights, values, 10) : []
  const reqRef = (i: number) => ({ id: input.weighted[i]!.id, code: input.weighted[i]!.code, title: input.weighted[i]!.title, weight: weights[i]! })
  const heatRows = input.weighted.slice(0, opts.heatmapLimit ?? 60)
  const codes = new Map(input.weighted.map((r) => [r.id, r.code]))
  return {
    round,
    candidates,
    results: results.map((r) => ({ ...r, knockOutCodes: r.knockOuts.map((id) => codes.get(id) ?? id) })),
    heatmap: {
      rows: heatRows.map((r) => ({ code: r.code, title: r.title, priority: r.priority })),
      values: heatRows.map((r) => candidates.map((c) => input.effective.get(cellKey(r.id, c.id)) ?? null)),
      total: input.weighted.length,
    },
    contributions: top15.map(({ i }) => ({ ...reqRef(i), perCandidate: contrib.map((row) => row[i]!) })),
    sensitivity: sensitivity.map((s) => ({
      ...reqRef(s.index),
      change: s.change ? { deltaPp: s.change.deltaPp, newLeader: candidates[s.change.newLeader]!.id } : null,
      rangeDownPp: s.rangeDownPp,
      rangeUpPp: s.rangeUpPp,
    })),
    leaderId: results.length ? results.reduce((a, b) => (b.weightedScore > a.weightedScore + 1e-12 ? b : a)).candidateId : null,
  }
}
