import fs from 'node:fs'
import path from 'node:path'
import type { SpecDocument } from '~/document/spec-document'

/** A stored SpecDocument from tests/fixtures/spec/ (`northwind-short`, `volga-gost`), a fresh copy each call. */
export function specFixture(name: 'northwind-short' | 'volga-gost'): SpecDocument {
  return JSON.parse(fs.readFileSync(path.resolve('tests/fixtures/spec', `${name}.json`), 'utf8')) as SpecDocument
}
