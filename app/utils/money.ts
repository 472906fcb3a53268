/**
 * Money is integer minor units (kopecks, cents) with the project's currency; hours are integer
 * hundredths of an hour. These helpers turn them into text and back; arithmetic stays in integers.
 */
const MINOR_DIGITS = 2

export function formatMoney(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    style: 'currency',
    currency,
    minimumFractionDigits: minor % 100 === 0 ? 0 : MINOR_DIGITS,
    maximumFractionDigits: MINOR_DIGITS,
  }).format(minor / 100)
}

export function formatHours(centi: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(centi / 100)
}

/**
 * Parses what a person types for an amount: "1 234,50", "1,234.50", "1234.5", "1 234" (spaces,
 * no-break spaces and apostrophes as group separators; the last "," or "." followed by one or
 * two digits is the decimal mark). Returns integer hundredths, or null when it is not a number.
 */
export function parseHundredths(text: string): number | null {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f']/g, '')
  if (cleaned === '') return null
  const match = /^(-?)(\d+(?:[.,]\d{3})*|\d+)(?:[.,](\d{1,2}))?$/.exec(cleaned)
  if (!match) return null
  const [, sign, whole, fraction = ''] = match
  const units = Number(whole!.replace(/[.,]/g, ''))
  const hundredths = units * 100 + Number(fraction.padEnd(2, '0'))
  if (!Number.isSafeInteger(hundredths)) return null
  return sign === '-' ? -hundredths : hundredths
}

/** Cost of a time-and-materials estimate, rounded to the minor unit: hours (centi) × rate (minor per hour). */
export function hoursCost(hoursCenti: number, rateMinor: number): number {
  return Math.round((hoursCenti * rateMinor) / 100)
}
