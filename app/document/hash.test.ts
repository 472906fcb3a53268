import { describe, expect, test } from 'vitest'
import { specContentHash } from './hash'
import { SPEC_SCHEMA, type SpecDocument } from './spec-document'

const doc = (): SpecDocument => ({
  schema: SPEC_SCHEMA,
  meta: { projectName: 'Выбор CRM', clientOrganisation: 'ООО «Волга»', templateId: 'short', title: 'ТЗ', language: 'ru', currency: 'RUB' },
  titleSheet: { titleLines: ['Техническое задание'], blocks: [], footerLine: 'Самара, 2026' },
  sections: [{ id: '1', number: '1', title: 'Назначение', mandatory: true, blocks: [{ type: 'paragraph', runs: [{ text: 'Текст' }] }], children: [] }],
  appendices: [],
  signatureSheet: { title: 'Подписи', lines: [] },
})

function shuffledKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(shuffledKeys) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, shuffledKeys(v)])) as T
  }
  return value
}

describe('specContentHash', () => {
  test('is a SHA-256 hex digest, stable across runs and key orders', () => {
    const a = specContentHash(doc())
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(specContentHash(doc())).toBe(a)
    expect(specContentHash(shuffledKeys(doc()))).toBe(a)
  })

  test('changes when any text changes, even one character', () => {
    const changed = doc()
    changed.sections[0]!.blocks = [{ type: 'paragraph', runs: [{ text: 'Текст.' }] }]
    expect(specContentHash(changed)).not.toBe(specContentHash(doc()))
  })
})
