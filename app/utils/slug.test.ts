import { describe, expect, test } from 'vitest'
import { slugify } from './slug'

describe('slugify', () => {
  test.each([
    ['Выбор CRM', 'vybor-crm'],
    ['Help desk for Northwind Supplies', 'help-desk-for-northwind-supplies'],
    ['Выбор CRM для «Волга-Дистрибуции»', 'vybor-crm-dlya-volga-distribucii'],
    ['Щука, ёж и Юла', 'shhuka-yozh-i-yula'],
    ['Подъезд объём', 'podezd-obyom'],
    ['  --Hello,   World!--  ', 'hello-world'],
    ['Café Crème', 'cafe-creme'],
    ['ERP 2025 / v2', 'erp-2025-v2'],
  ])('%s → %s', (input, expected) => {
    expect(slugify(input)).toBe(expected)
  })

  test.each(['', '   ', '!!!', '«»—', '日本語'])('nothing usable in %j → "project"', (input) => {
    expect(slugify(input)).toBe('project')
  })

  test('is at most 48 characters and never ends with a dash', () => {
    const long = slugify('a'.repeat(100))
    expect(long).toBe('a'.repeat(48))
    // The cut falls right after a separator: the trailing dash is removed.
    const cut = slugify(`${'b'.repeat(47)} tail`)
    expect(cut).toBe('b'.repeat(47))
    const words = slugify('Автоматизация документооборота и согласования договоров в холдинге')
    expect(words.length).toBeLessThanOrEqual(48)
    expect(words).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  test('only lower-case ASCII letters, digits and single dashes', () => {
    for (const input of ['Выбор CRM!!', 'A__B', 'x—y', 'Ärger über Öl']) {
      expect(slugify(input)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    }
  })
})
