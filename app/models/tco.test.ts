import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { MAX_MONEY_MINOR, MAX_USERS, TCO_YEARS_MAX } from '~/schemas/candidate'
import { STAGES } from './improvement-math'
import { licenceCost, tcoOf, type TcoCandidate } from './tco'

const base: TcoCandidate = {
  licenceModel: 'subscription',
  pricePerUserMonthMinor: 0,
  perpetualPerUserMinor: 0,
  users: 1,
  implementationCostMinor: 0,
  annualSupportCostMinor: 0,
}

const item = (over: Partial<Parameters<typeof tcoOf>[1][number]> = {}) => ({
  stage: '1',
  hoursCenti: null,
  hourlyRateMinor: null,
  fixedPriceMinor: null,
  durationDays: null,
  sequential: false,
  mustBeforeGoLive: true,
  ...over,
})

describe('tcoOf', () => {
  test('a subscription is paid every month of every year; support every year', () => {
    const tco = tcoOf({ ...base, pricePerUserMonthMinor: 1_500, users: 40, annualSupportCostMinor: 100_000, implementationCostMinor: 2_000_000 }, [], 3)
    expect(tco.licencesMinor).toBe(1_500 * 40 * 12 * 3)
    expect(tco.supportMinor).toBe(300_000)
    expect(tco.totalMinor).toBe(2_160_000 + 300_000 + 2_000_000)
  })

  test('a perpetual licence is paid once, whatever the horizon', () => {
    const c = { ...base, licenceModel: 'perpetual', perpetualPerUserMinor: 90_000, pricePerUserMonthMinor: 999, users: 10 }
    expect(tcoOf(c, [], 1).licencesMinor).toBe(900_000)
    expect(tcoOf(c, [], 10).licencesMinor).toBe(900_000)
  })

  test('improvements are split by stage: fixed price wins over hours × rate', () => {
    const tco = tcoOf(base, [item({ stage: '1', fixedPriceMinor: 50_000, hoursCenti: 1000, hourlyRateMinor: 1 }), item({ stage: 'later', hoursCenti: 250, hourlyRateMinor: 4_000 })], 3)
    expect(tco.improvementsByStage).toEqual({ '1': 50_000, '2': 0, '3': 0, later: 10_000 })
    expect(tco.improvementsMinor).toBe(60_000)
    expect(tco.totalMinor).toBe(60_000)
  })

  const money = fc.integer({ min: 0, max: MAX_MONEY_MINOR })
  const candidate = fc.record({
    licenceModel: fc.constantFrom('subscription', 'perpetual'),
    // The schema keeps price × users × 120 months ≤ 10^15; stay inside it here too.
    pricePerUserMonthMinor: fc.integer({ min: 0, max: 100_000_000 }),
    perpetualPerUserMinor: fc.integer({ min: 0, max: 10_000_000_000 }),
    users: fc.integer({ min: 1, max: MAX_USERS }),
    implementationCostMinor: money,
    annualSupportCostMinor: money,
  })
  const improvement = fc.record({
    stage: fc.constantFrom(...STAGES),
    hoursCenti: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
    hourlyRateMinor: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
    fixedPriceMinor: fc.option(money, { nil: null }),
    durationDays: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
    sequential: fc.boolean(),
    mustBeforeGoLive: fc.boolean(),
  })
  const years = fc.integer({ min: 1, max: TCO_YEARS_MAX })

  test('property: the total is exactly the sum of its parts, non-negative and an integer', () => {
    fc.assert(
      fc.property(candidate, fc.array(improvement, { maxLength: 30 }), years, (c, items, n) => {
        const tco = tcoOf(c, items, n)
        const stageSum = STAGES.reduce((s, st) => s + tco.improvementsByStage[st], 0)
        expect(tco.improvementsMinor).toBe(stageSum)
        expect(tco.totalMinor).toBe(tco.licencesMinor + tco.implementationMinor + tco.improvementsMinor + tco.supportMinor)
        for (const value of [tco.totalMinor, tco.licencesMinor, tco.supportMinor, tco.improvementsMinor, ...Object.values(tco.improvementsByStage)]) {
          expect(Number.isSafeInteger(value)).toBe(true)
          expect(value).toBeGreaterThanOrEqual(0)
        }
      }),
    )
  })

  test('property: a longer horizon never costs less, and a subscription grows linearly with it', () => {
    fc.assert(
      fc.property(candidate, fc.array(improvement, { maxLength: 10 }), fc.integer({ min: 1, max: TCO_YEARS_MAX - 1 }), (c, items, n) => {
        const shorter = tcoOf(c, items, n)
        const longer = tcoOf(c, items, n + 1)
        expect(longer.totalMinor).toBeGreaterThanOrEqual(shorter.totalMinor)
        if (c.licenceModel === 'subscription') expect(licenceCost(c, n + 1) - licenceCost(c, n)).toBe(c.pricePerUserMonthMinor * c.users * 12)
      }),
    )
  })
})
