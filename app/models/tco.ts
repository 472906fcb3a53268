/**
 * Total cost of ownership of one candidate over N years, in integer minor units of the project
 * currency. Pure arithmetic: the lines are computed once and the total is their sum, so the
 * table never shows a total that differs from the figures above it.
 */
import { improvementTotals, STAGES, type Stage, type TotalsInput } from './improvement-math'

export type TcoCandidate = {
  licenceModel: string
  pricePerUserMonthMinor: number
  perpetualPerUserMinor: number
  users: number
  implementationCostMinor: number
  annualSupportCostMinor: number
}

export type Tco = {
  years: number
  licencesMinor: number
  implementationMinor: number
  improvementsByStage: Record<Stage, number>
  improvementsMinor: number
  supportMinor: number
  totalMinor: number
}

/** Improvement items that count towards the cost: the vendor has estimated them, or the lead agreed. */
export const COSTED_IMPROVEMENT_STATUSES = ['estimated', 'agreed'] as const

/** Licences over the horizon: a subscription is paid every month, a perpetual licence once. */
export function licenceCost(candidate: TcoCandidate, years: number): number {
  return candidate.licenceModel === 'perpetual'
    ? candidate.perpetualPerUserMinor * candidate.users
    : candidate.pricePerUserMonthMinor * candidate.users * 12 * years
}

export function tcoOf(candidate: TcoCandidate, improvements: readonly TotalsInput[], years: number): Tco {
  const totals = improvementTotals(improvements)
  const improvementsByStage = Object.fromEntries(STAGES.map((s) => [s, totals.byStage[s].costMinor])) as Record<Stage, number>
  const improvementsMinor = STAGES.reduce((sum, s) => sum + improvementsByStage[s], 0)
  const licencesMinor = licenceCost(candidate, years)
  const implementationMinor = candidate.implementationCostMinor
  const supportMinor = candidate.annualSupportCostMinor * years
  return {
    years,
    licencesMinor,
    implementationMinor,
    improvementsByStage,
    improvementsMinor,
    supportMinor,
    totalMinor: licencesMinor + implementationMinor + improvementsMinor + supportMinor,
  }
}
