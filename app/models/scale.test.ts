import { describe, expect, test } from 'vitest'
import { grade, isCovered, isKnockOut, isWeak } from './scale'

describe('the scoring scale', () => {
  test.each([
    [0, 0],
    [0.49, 0],
    [0.5, 1],
    [1.49, 1],
    [1.5, 2],
    [2.5, 3],
    [3, 3],
  ])('a consensus of %f grades as %i', (value, expected) => expect(grade(value)).toBe(expected))

  test('covered means good or excellent; weak means satisfactory or not supported', () => {
    expect([0, 1, 1.4, 1.5, 2, 3].map(isCovered)).toEqual([false, false, false, true, true, true])
    expect([0, 1, 1.4, 1.5, 2, 3].map(isWeak)).toEqual([true, true, true, false, false, false])
    expect([0, 0.4, 0.5, 1].map(isKnockOut)).toEqual([true, true, false, false])
  })
})
