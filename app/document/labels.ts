import type { SpecDocument } from './spec-document'

/**
 * The words renderers print around a document's content (DOCX, PDF, Markdown): headers,
 * footers, the contents, the signature sheet. The content itself is already in the document's
 * language; these follow it, not the reader's UI language.
 */
type Lang = SpecDocument['meta']['language']
type Label = { en: string; ru: string }

const LABELS = {
  contents: { en: 'Contents', ru: 'Содержание' },
  appendix: { en: 'Appendix {number}', ru: 'Приложение {number}' },
  version: { en: 'Version {number}', ru: 'Версия {number}' },
  draft: { en: 'Draft — not issued', ru: 'Проект — не выпущен' },
  issued: { en: 'Issued, awaiting signatures', ru: 'Выпущено, ожидает подписей' },
  signed: { en: 'Signed', ru: 'Подписано' },
  declined: { en: 'Declined by a signer, back in review', ru: 'Отклонено подписантом, на доработке' },
  superseded: { en: 'Superseded by a later version', ru: 'Заменено более поздней версией' },
  hash: { en: 'Content hash', ru: 'Хеш содержимого' },
  page: { en: 'Page {page} of {pages}', ru: 'Страница {page} из {pages}' },
  signatureSheet: { en: 'Signature sheet', ru: 'Лист подписей' },
  name: { en: 'Name', ru: 'ФИО' },
  position: { en: 'Position', ru: 'Должность' },
  party: { en: 'Party', ru: 'Сторона' },
  meaning: { en: 'Meaning', ru: 'Значение подписи' },
  time: { en: 'Signed at', ru: 'Время подписания' },
  signature: { en: 'Signature', ru: 'Подпись' },
  notSigned: { en: 'Not signed yet', ru: 'Не подписано' },
  client: { en: 'Client', ru: 'Заказчик' },
  vendor: { en: 'Vendor', ru: 'Исполнитель' },
  approved: { en: 'Approved', ru: 'Утверждено' },
  agreed: { en: 'Agreed', ru: 'Согласовано' },
  warning: { en: 'Warning', ru: 'Внимание' },
  changes: { en: 'Changes from version {from} to version {to}', ru: 'Изменения версии {to} относительно версии {from}' },
} satisfies Record<string, Label>

export type LabelKey = keyof typeof LABELS

export function label(lang: Lang, key: LabelKey, vars: Record<string, string | number> = {}): string {
  return interpolate(LABELS[key][lang], vars)
}

/** A pattern's `{name}` placeholders filled from `vars` (a missing one becomes empty). */
export function interpolate(pattern: string, vars: Record<string, string | number>): string {
  return pattern.replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''))
}

/** The first 12 hex digits of a content hash: what headers and footers print. */
export function shortHash(hash: string | undefined): string {
  return hash ? hash.slice(0, 12) : ''
}
