import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { formatMoney, hoursCost, parseHundredths } from './money'

describe('parseHundredths', () => {
  test.each([
    ['1 234,50', 123450],
    ['1,234.50', 123450],
    ['1234.5', 123450],
    ['1\u00a0234', 123400],
    ['0,05', 5],
    ['12', 1200],
    ['-3.10', -310],
  ])('%s → %i', (text, expected) => expect(parseHundredths(text)).toBe(expected))

  test.each(['', 'abc', '1.2.3', '1,2345', '12e3', '٣'])('%s is not an amount', (text) => expect(parseHundredths(text)).toBeNull())

  test('formats and parses back every amount (en)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 11 }), (minor) => {
        const text = formatMoney(minor, 'EUR', 'en').replace('€', '')
        expect(parseHundredths(text)).toBe(minor)
      }),
    )
  })
})

describe('hoursCost', () => {
  test('1.5 h at 2,000.00 per hour is 3,000.00', () => expect(hoursCost(150, 200_000)).toBe(300_000))
  test('is an integer and never negative for non-negative inputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (h, r) => {
        const cost = hoursCost(h, r)
        expect(Number.isInteger(cost)).toBe(true)
        expect(cost).toBeGreaterThanOrEqual(0)
      }),
    )
  })
})

describe('formatMoney', () => {
  test('shows the currency and Russian grouping', () => {
    expect(formatMoney(12345600, 'RUB', 'ru')).toMatch(/123\s456\s₽/)
    expect(formatMoney(150, 'EUR', 'en')).toBe('€1.50')
  })
})
