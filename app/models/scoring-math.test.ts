import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_MULTIPLIERS,
  consensusOf,
  departsFromMean,
  isFlagged,
  leaderIndex,
  mustCoverage,
  normaliseWeights,
  rawWeight,
  reweigh,
  sensitivityOf,
  sensitivityTable,
  weightedScore,
} from './scoring-math'

const scaleValue = fc.integer({ min: 0, max: 3 })
const rawWeights = fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 })

describe('consensusOf', () => {
  it('is the mean, the spread and the count', () => {
    expect(consensusOf([3, 1, 2])).toEqual({ mean: 2, spread: 2, evaluators: 3 })
    expect(consensusOf([])).toBeNull()
  })
  it('mean lies between min and max and spread = max − min (property)', () => {
    fc.assert(
      fc.property(fc.array(scaleValue, { minLength: 1, maxLength: 12 }), (values) => {
        const c = consensusOf(values)!
        const min = Math.min(...values)
        const max = Math.max(...values)
        expect(c.spread).toBe(max - min)
        expect(c.mean).toBeGreaterThanOrEqual(min - 1e-12)
        expect(c.mean).toBeLessThanOrEqual(max + 1e-12)
        expect(Math.abs(c.mean * values.length - values.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9)
      }),
    )
  })
  it('flags a cell at the threshold, not below', () => {
    expect(isFlagged(2, 2)).toBe(true)
    expect(isFlagged(1, 2)).toBe(false)
    expect(departsFromMean(2, 2)).toBe(false)
    expect(departsFromMean(2, 1.6666666666666667)).toBe(true)
  })
})

describe('weights', () => {
  it('raw weight is the priority multiplier times importance / 3', () => {
    expect(rawWeight('must', null, DEFAULT_MULTIPLIERS)).toBe(3)
    expect(rawWeight('should', 4.5, DEFAULT_MULTIPLIERS)).toBeCloseTo(3)
    expect(rawWeight('could', 3, DEFAULT_MULTIPLIERS)).toBe(1)
  })
  it('normalised weights are non-negative and sum to 1 (property)', () => {
    fc.assert(
      fc.property(rawWeights, (raw) => {
        const w = normaliseWeights(raw)
        expect(w).toHaveLength(raw.length)
        for (const x of w) expect(x).toBeGreaterThanOrEqual(0)
        expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-9)
      }),
    )
  })
  it('keeps proportions and falls back to equal weights when all are zero', () => {
    expect(normaliseWeights([3, 1])).toEqual([0.75, 0.25])
    expect(normaliseWeights([0, 0, 0, 0])).toEqual([0.25, 0.25, 0.25, 0.25])
    expect(normaliseWeights([-5, Number.NaN, 2])).toEqual([0, 0, 1])
  })
})

describe('weightedScore', () => {
  it('is Σ weight × value / 3 × 100', () => {
    expect(weightedScore([0.5, 0.5], [3, 0])).toBeCloseTo(50)
    expect(weightedScore([0.75, 0.25], [2, undefined])).toBeCloseTo(50)
    expect(weightedScore([1], [3])).toBeCloseTo(100)
  })
  it('stays within 0–100 for any weights and values (property)', () => {
    fc.assert(
      fc.property(rawWeights.chain((raw) => fc.tuple(fc.constant(normaliseWeights(raw)), fc.array(fc.option(fc.double({ min: -5, max: 8, noNaN: true }), { nil: undefined }), { minLength: raw.length, maxLength: raw.length }))), ([w, v]) => {
        const s = weightedScore(w, v)
        expect(s).toBeGreaterThanOrEqual(0)
        expect(s).toBeLessThanOrEqual(100)
      }),
    )
  })
})

describe('mustCoverage', () => {
  it('counts covered cells as is, planned ones after, and knock-outs not rescued', () => {
    const c = mustCoverage([
      { requirementId: 'a', value: 3, planned: false, rescues: false },
      { requirementId: 'b', value: 0, planned: true, rescues: true },
      { requirementId: 'c', value: 0, planned: false, rescues: false },
      { requirementId: 'd', value: 1, planned: true, rescues: true },
      { requirementId: 'e', value: undefined, planned: false, rescues: false },
    ])
    expect(c).toMatchObject({ mustTotal: 5, coveredAsIs: 1, coveredAfter: 3, knockOuts: ['c'] })
    expect(c.asIs).toBeCloseTo(0.2)
    expect(c.after).toBeCloseTo(0.6)
  })
  it('a mean of 0.4 rounds to not supported: a knock-out', () => {
    expect(mustCoverage([{ requirementId: 'a', value: 0.4, planned: false, rescues: false }]).knockOuts).toEqual(['a'])
    expect(mustCoverage([{ requirementId: 'a', value: 0.5, planned: false, rescues: false }]).knockOuts).toEqual([])
  })
  it('coverage is within 0–1 and after ≥ as is (property)', () => {
    const cell = fc.record({
      requirementId: fc.string(),
      value: fc.option(fc.double({ min: 0, max: 3, noNaN: true }), { nil: undefined }),
      planned: fc.boolean(),
      rescues: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 30 }), (cells) => {
        const c = mustCoverage(cells)
        for (const x of [c.asIs, c.after]) {
          expect(x).toBeGreaterThanOrEqual(0)
          expect(x).toBeLessThanOrEqual(1)
        }
        expect(c.after).toBeGreaterThanOrEqual(c.asIs)
        expect(c.knockOuts.length).toBeLessThanOrEqual(cells.length)
      }),
    )
  })
})

describe('sensitivity', () => {
  const leaderAt = (w: number[], values: (number | undefined)[][]) => values.map((row) => weightedScore(w, row))

  it('finds where the leader changes for a simple two-requirement case', () => {
    // A wins on r0 (3 vs 0), B wins on r1 (0 vs 3); with weights 0.6/0.4 A leads 60 to 40.
    const values = [
      [3, 0],
      [0, 3],
    ]
    const s = sensitivityOf([0.6, 0.4], values, 0)
    expect(s.change?.at).toBeCloseTo(0.5)
    expect(s.change?.deltaPp).toBeCloseTo(-10)
    expect(s.change?.newLeader).toBe(1)
  })

  it('reports stable when one candidate is better everywhere', () => {
    const s = sensitivityOf([0.5, 0.5], [[3, 3], [1, 2]], 0)
    expect(s.change).toBeNull()
    expect(s.rangeDownPp).toBeCloseTo(50)
  })

  it('never reports a change that does not happen, and never misses one (property)', () => {
    const matrix = fc.integer({ min: 2, max: 8 }).chain((n) =>
      fc.tuple(
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
        fc.array(fc.array(scaleValue, { minLength: n, maxLength: n }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 0, max: n - 1 }),
      ),
    )
    fc.assert(
      fc.property(matrix, ([raw, values, i]) => {
        const w = normaliseWeights(raw)
        const s = sensitivityOf(w, values, i)
        const leader = leaderIndex(leaderAt(w, values))
        if (s.change) {
          // Just beyond the reported point (halfway to the end of the range) the leader is beaten.
          const dir = s.change.direction
          const end = dir > 0 ? 1 : 0
          const probe = s.change.at + (end - s.change.at) / 2
          const scores = leaderAt(reweigh(w, i, probe), values)
          expect(scores[s.change.newLeader]!).toBeGreaterThan(scores[leader]!)
          // …and nowhere nearer in that direction has anyone beaten the leader.
          for (let k = 1; k < 20; k++) {
            const p = w[i]! + ((s.change.at - w[i]!) * k) / 20
            const sc = leaderAt(reweigh(w, i, p), values)
            for (const x of sc) expect(x).toBeLessThanOrEqual(sc[leader]! + 1e-7)
          }
        } else {
          for (let k = 0; k <= 20; k++) {
            const sc = leaderAt(reweigh(w, i, k / 20), values)
            for (const x of sc) expect(x).toBeLessThanOrEqual(sc[leader]! + 1e-7)
          }
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('lists the heaviest requirements first', () => {
    const t = sensitivityTable([0.1, 0.5, 0.4], [[1, 2, 3], [3, 2, 1]], 2)
    expect(t.map((r) => r.index)).toEqual([1, 2])
  })
})

describe('sensitivity edge cases', () => {
  it('a tie at the current weight changes first place at 0 pp, in the direction that favours the other', () => {
    // Found by fast-check: equal totals, so the earlier candidate leads only by the tie-break.
    const w = normaliseWeights([0.01, 0.01, 0.01, 0.01, 0.01, 0.010000000000000005])
    const s = sensitivityOf(w, [[0, 3, 3, 2, 3, 0], [0, 2, 3, 2, 2, 2], [0, 0, 0, 0, 0, 0]], 1)
    expect(s.change).toMatchObject({ direction: -1, newLeader: 1 })
    expect(Math.abs(s.change!.deltaPp)).toBeLessThan(1e-6)
  })
})
