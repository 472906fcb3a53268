import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hoursCost } from '~/utils/money'
import { improvementTotals, itemCostMinor, stageDuration, STAGES, type TotalsInput } from './improvement-math'

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null })
const itemArb: fc.Arbitrary<TotalsInput> = fc.record({
  stage: fc.constantFrom(...STAGES),
  hoursCenti: maybe(fc.integer({ min: 0, max: 10_000_000 })),
  hourlyRateMinor: maybe(fc.integer({ min: 0, max: 10_000_000 })),
  fixedPriceMinor: maybe(fc.integer({ min: 0, max: 1_000_000_000_000 })),
  durationDays: maybe(fc.integer({ min: 0, max: 2000 })),
  sequential: fc.boolean(),
  mustBeforeGoLive: fc.boolean(),
})

describe('itemCostMinor', () => {
  it('prefers the fixed price, then hours × rate, else 0', () => {
    expect(itemCostMinor({ fixedPriceMinor: 500_00, hoursCenti: 10_00, hourlyRateMinor: 100_00 })).toBe(500_00)
    expect(itemCostMinor({ fixedPriceMinor: null, hoursCenti: 12_50, hourlyRateMinor: 80_00 })).toBe(1000_00)
    expect(itemCostMinor({ fixedPriceMinor: null, hoursCenti: 12_50, hourlyRateMinor: null })).toBe(0)
    expect(itemCostMinor({ fixedPriceMinor: null, hoursCenti: null, hourlyRateMinor: 80_00 })).toBe(0)
    expect(itemCostMinor({ fixedPriceMinor: 0, hoursCenti: 10_00, hourlyRateMinor: 100_00 })).toBe(0)
  })
})

describe('stageDuration (critical path)', () => {
  it('is the longest parallel item plus every sequential item', () => {
    expect(
      stageDuration([
        { durationDays: 5, sequential: false },
        { durationDays: 8, sequential: false },
        { durationDays: 3, sequential: true },
        { durationDays: 4, sequential: true },
        { durationDays: null, sequential: true },
      ]),
    ).toBe(15)
    expect(stageDuration([])).toBe(0)
  })
})

describe('improvementTotals', () => {
  it('totals equal the exact sums of the lines, stay integers and non-negative', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 40 }), (items) => {
        const totals = improvementTotals(items)
        const cost = items.reduce((sum, item) => sum + itemCostMinor(item), 0)
        const hours = items.reduce((sum, item) => sum + (item.hoursCenti ?? 0), 0)
        expect(totals.total.costMinor).toBe(cost)
        expect(totals.total.hoursCenti).toBe(hours)
        expect(totals.total.items).toBe(items.length)
        let stageCost = 0
        let stageHours = 0
        let stageDays = 0
        let stageItems = 0
        for (const stage of STAGES) {
          const line = totals.byStage[stage]
          const mine = items.filter((item) => item.stage === stage)
          expect(line.costMinor).toBe(mine.reduce((sum, item) => sum + itemCostMinor(item), 0))
          expect(line.items).toBe(mine.length)
          for (const value of Object.values(line)) {
            expect(Number.isInteger(value)).toBe(true)
            expect(value).toBeGreaterThanOrEqual(0)
          }
          stageCost += line.costMinor
          stageHours += line.hoursCenti
          stageDays += line.durationDays
          stageItems += line.items
        }
        expect(totals.total).toEqual({ costMinor: stageCost, hoursCenti: stageHours, durationDays: stageDays, items: stageItems })
        const must = items.filter((item) => item.mustBeforeGoLive)
        expect(totals.mustBeforeGoLive.costMinor).toBe(must.reduce((sum, item) => sum + itemCostMinor(item), 0))
        expect(totals.mustBeforeGoLive.items).toBe(must.length)
        expect(totals.mustBeforeGoLive.costMinor).toBeLessThanOrEqual(totals.total.costMinor)
        expect(totals.mustBeforeGoLive.durationDays).toBeLessThanOrEqual(totals.total.durationDays)
      }),
    )
  })

  it('a stage duration is max over parallel items plus the sum over sequential ones', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 30 }), (items) => {
        const totals = improvementTotals(items)
        for (const stage of STAGES) {
          const mine = items.filter((item) => item.stage === stage)
          const parallel = Math.max(0, ...mine.filter((i) => !i.sequential).map((i) => i.durationDays ?? 0))
          const sequential = mine.filter((i) => i.sequential).reduce((sum, i) => sum + (i.durationDays ?? 0), 0)
          expect(totals.byStage[stage].durationDays).toBe(parallel + sequential)
        }
      }),
    )
  })

  it('counts the cost of time and materials with the shared rounding', () => {
    const totals = improvementTotals([
      { stage: '1', hoursCenti: 33, hourlyRateMinor: 1_01, fixedPriceMinor: null, durationDays: 2, sequential: false, mustBeforeGoLive: true },
      { stage: 'later', hoursCenti: null, hourlyRateMinor: null, fixedPriceMinor: 7_00, durationDays: 9, sequential: false, mustBeforeGoLive: false },
    ])
    expect(totals.byStage['1'].costMinor).toBe(hoursCost(33, 1_01))
    expect(totals.total.costMinor).toBe(hoursCost(33, 1_01) + 7_00)
    expect(totals.total.durationDays).toBe(11)
    expect(totals.mustBeforeGoLive).toEqual({ costMinor: hoursCost(33, 1_01), hoursCenti: 33, durationDays: 2, items: 1 })
  })
})
