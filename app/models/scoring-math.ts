/**
 * The arithmetic of scoring, free of the database: consensus of a cell, requirement weights,
 * weighted scores, coverage of main tasks, knock-outs and the sensitivity of the ranking.
 * Values are on the 0–3 scale of app/models/scale.ts; scores are percentages 0–100.
 */
import { isCovered, isKnockOut } from './scale'

export type Priority = 'must' | 'should' | 'could'
export type Multipliers = { must: number; should: number; could: number }
export const DEFAULT_MULTIPLIERS: Multipliers = { must: 3, should: 2, could: 1 }

export type CellConsensus = { mean: number; spread: number; evaluators: number }

/** Mean, spread (max − min) and count of the individual scores of one cell; null when nobody scored. */
export function consensusOf(values: readonly number[]): CellConsensus | null {
  if (values.length === 0) return null
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (const v of values) {
    sum += v
    if (v < min) min = v
    if (v > max) max = v
  }
  return { mean: sum / values.length, spread: max - min, evaluators: values.length }
}

/** A cell is flagged for discussion when evaluators disagree by at least the threshold. */
export function isFlagged(spread: number, threshold: number): boolean {
  return spread >= threshold
}

/** The agreed value: the lead's consensus value when set, else the mean. */
export function effectiveValue(cell: { mean: number; value: number | null }): number {
  return cell.value ?? cell.mean
}

/** Whether a proposed consensus value differs from the mean (and so needs a comment). */
export function departsFromMean(value: number, mean: number): boolean {
  return Math.abs(value - mean) > 1e-9
}

/**
 * A requirement's raw weight: the priority multiplier times the importance factor (the mean
 * importance rating of department heads, 1–5, divided by 3; 1 when nobody rated).
 */
export function rawWeight(priority: string, importanceMean: number | null, multipliers: Multipliers): number {
  const multiplier = priority === 'must' ? multipliers.must : priority === 'should' ? multipliers.should : multipliers.could
  const factor = importanceMean === null ? 1 : importanceMean / 3
  return Math.max(0, multiplier * factor)
}

/**
 * Weights scaled to sum to 1. Negative or non-finite raw weights count as 0; when every raw
 * weight is 0 the requirements weigh the same (nothing else is defensible).
 */
export function normaliseWeights(raw: readonly number[]): number[] {
  if (raw.length === 0) return []
  const clean = raw.map((w) => (Number.isFinite(w) && w > 0 ? w : 0))
  const total = clean.reduce((a, b) => a + b, 0)
  if (total <= 0) return clean.map(() => 1 / clean.length)
  return clean.map((w) => w / total)
}

/**
 * Weighted score 0–100 %: Σ weight × value / 3 × 100. An unscored cell counts as 0; values are
 * clamped to the scale so bad data cannot push a score out of range.
 */
export function weightedScore(weights: readonly number[], values: readonly (number | undefined)[]): number {
  let score = 0
  for (let i = 0; i < weights.length; i++) {
    const v = values[i]
    if (v === undefined) continue
    score += weights[i]! * (Math.min(3, Math.max(0, v)) / 3)
  }
  return Math.min(100, Math.max(0, score * 100))
}

/** Each requirement's contribution (percentage points) to a candidate's weighted score. */
export function contributions(weights: readonly number[], values: readonly (number | undefined)[]): number[] {
  return weights.map((w, i) => {
    const v = values[i]
    return v === undefined ? 0 : w * (Math.min(3, Math.max(0, v)) / 3) * 100
  })
}

export type MustCell = {
  requirementId: string
  /** Effective consensus; undefined when the cell was not scored. */
  value: number | undefined
  /** A planned improvement for this candidate that counts towards coverage after improvements. */
  planned: boolean
  /** A planned improvement judged feasible: rescues a knock-out. */
  rescues: boolean
}

export type Coverage = { mustTotal: number; coveredAsIs: number; coveredAfter: number; asIs: number; after: number; knockOuts: string[] }

/**
 * Coverage of the main tasks (must requirements) as is and after the planned improvements, and
 * the knock-outs: must tasks not supported by consensus with no feasible improvement planned.
 * With no main tasks, coverage is 0 and `mustTotal` says why.
 */
export function mustCoverage(cells: readonly MustCell[]): Coverage {
  let coveredAsIs = 0
  let coveredAfter = 0
  const knockOuts: string[] = []
  for (const c of cells) {
    const covered = c.value !== undefined && isCovered(c.value)
    if (covered) coveredAsIs++
    if (covered || c.planned) coveredAfter++
    if (c.value !== undefined && isKnockOut(c.value) && !c.rescues) knockOuts.push(c.requirementId)
  }
  const n = cells.length
  return {
    mustTotal: n,
    coveredAsIs,
    coveredAfter,
    asIs: n === 0 ? 0 : coveredAsIs / n,
    after: n === 0 ? 0 : coveredAfter / n,
    knockOuts,
  }
}

/** Index of the candidate with the highest score; ties go to the earlier candidate. */
export function leaderIndex(scores: readonly number[]): number {
  let best = 0
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]! + 1e-12) best = i
  return best
}

/** Weights with requirement `i` set to `w` and the others rescaled proportionally to fill 1 − w. */
export function reweigh(weights: readonly number[], i: number, w: number): number[] {
  const rest = 1 - weights[i]!
  return weights.map((x, j) => (j === i ? w : rest <= 0 ? 0 : (x * (1 - w)) / rest))
}

export type Sensitivity = {
  index: number
  weight: number
  /**
   * The nearest weight (0–1) at which another candidate overtakes the leader, the direction the
   * weight moves (a tie at the current weight gives deltaPp 0), or null when first place holds.
   */
  change: { at: number; deltaPp: number; direction: 1 | -1; newLeader: number } | null
  /** The range that was examined, in percentage points either side of the current weight. */
  rangeDownPp: number
  rangeUpPp: number
}

/**
 * How far requirement `i`'s weight must move (others rescaled proportionally) before first
 * place changes. Each candidate's score is linear in the moved weight w —
 * S_c(w) = A_c + w·(v_ic − A_c) with A_c the score over the other requirements — so the
 * crossing with the leader is solved exactly rather than scanned.
 * `values[c][j]` is candidate c's value for requirement j (undefined = unscored = 0).
 */
export function sensitivityOf(weights: readonly number[], values: readonly (readonly (number | undefined)[])[], i: number): Sensitivity {
  const wi = weights[i]!
  const base: Sensitivity = { index: i, weight: wi, change: null, rangeDownPp: wi * 100, rangeUpPp: (1 - wi) * 100 }
  if (values.length < 2 || wi >= 1 - 1e-12) return base
  const val = (c: number, j: number) => {
    const v = values[c]![j]
    return v === undefined ? 0 : Math.min(3, Math.max(0, v)) / 3
  }
  const scores = values.map((row) => weightedScore(weights, row) / 100)
  const leader = leaderIndex(scores)
  const line = (c: number) => {
    const a = (scores[c]! - wi * val(c, i)) / (1 - wi)
    return { a, b: val(c, i) - a }
  }
  const L = line(leader)
  let best: Sensitivity['change'] = null
  for (let c = 0; c < values.length; c++) {
    if (c === leader) continue
    const C = line(c)
    const slope = C.b - L.b
    if (Math.abs(slope) < 1e-9) continue // parallel: never overtakes
    const at = (L.a - C.a) / slope
    // Overtaking happens beyond `at` in the direction where C's line rises above L's.
    const upward = slope > 0
    if (upward ? at < wi - 1e-12 || at >= 1 - 1e-9 : at > wi + 1e-12 || at <= 1e-9) continue
    const clamped = upward ? Math.max(at, wi) : Math.min(at, wi)
    if (!best || Math.abs(clamped - wi) < Math.abs(best.at - wi)) best = { at: clamped, deltaPp: (clamped - wi) * 100, direction: upward ? 1 : -1, newLeader: c }
  }
  return { ...base, change: best }
}

/** Sensitivity for the `top` heaviest requirements, heaviest first. */
export function sensitivityTable(weights: readonly number[], values: readonly (readonly (number | undefined)[])[], top = 10): Sensitivity[] {
  const order = weights
    .map((w, i) => [w, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, top)
  return order.map(([, i]) => sensitivityOf(weights, values, i))
}
