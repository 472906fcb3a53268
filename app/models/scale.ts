/**
 * The scoring scale shared by scoring, results and improvements: how each candidate performs
 * a requirement. Consensus values can be fractional (a mean); they are read through `grade`.
 */
export const SCALE = [3, 2, 1, 0] as const
export type ScaleValue = (typeof SCALE)[number]
export const SCALE_KEYS: Record<ScaleValue, 'excellent' | 'good' | 'satisfactory' | 'notSupported'> = {
  3: 'excellent',
  2: 'good',
  1: 'satisfactory',
  0: 'notSupported',
}

export function isScaleValue(value: unknown): value is ScaleValue {
  return value === 0 || value === 1 || value === 2 || value === 3
}

/** A (possibly fractional) consensus value on the scale, rounded half up: 1.5 → good. */
export function grade(value: number): ScaleValue {
  return Math.min(3, Math.max(0, Math.floor(value + 0.5))) as ScaleValue
}

/** A main task is covered when it is done at least well (good or excellent). */
export function isCovered(value: number): boolean {
  return grade(value) >= 2
}

/** Done badly (satisfactory) or not at all: the cells that call for an improvement. */
export function isWeak(value: number): boolean {
  return grade(value) <= 1
}

/** Not supported at all: for a must requirement, a knock-out unless a feasible improvement is planned. */
export function isKnockOut(value: number): boolean {
  return grade(value) === 0
}
