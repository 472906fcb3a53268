import fs from 'node:fs'
import type { BrowserContext, Locator, Page } from '@playwright/test'
import { DEMO_PASSWORD, escapeRegExp, expect, logIn, pageText, snapshot, test } from './fixtures'

// The specification stage end to end (issue text), on the Russian demo project (GOST 34.602
// template): the lead changes a title field and issues a version, a department head leaves a
// remark, the lead accepts it, changes another field and issues the next version; the diff
// shows exactly that change; the client lead and then the vendor sign, the version locks and
// the public verification page confirms its hash. Separate tests: signing out of turn, a wrong
// password, a signed version's page, and verifying by hash, by the signed PDF and a stray file.
// The demo already holds versions 1 (superseded) and 2 (signed): numbers are read from the pages.

const SLUG = 'volga-crm'
const BASE = `/p/${SLUG}/specification`
const PROJECT = 'Выбор CRM для «Волга-Дистрибуции»'
const LEAD = { email: 'sokolova@volga-demo.ru', name: 'Ирина Соколова', position: 'Руководитель проекта' }
const HEAD = { email: 'volkov@volga-demo.ru', name: 'Дмитрий Волков' }
const VENDOR = { email: 'orlov@vendor-demo.ru', name: 'Максим Орлов', position: 'Директор по внедрению' }

const FIELD = {
  contractNumber: 'Номер договора (контракта)',
  endDate: 'Плановый срок окончания работ',
} as const

const SIGN_FORM = 'Подписать эту версию'
const NOT_SIGNED = 'Ещё не подписано'

// Every test changes the demo project's versions: one at a time, in this order.
test.describe.configure({ mode: 'serial' })

type VersionRow = { number: number; status: string; signatures: string }

const runId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`

async function logInAs(page: Page, email: string) {
  await logIn(page, email, DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/projects$/)
}

/** Another person in a browser of their own, logged in. */
async function openAs(newContext: () => Promise<BrowserContext>, email: string): Promise<Page> {
  const page = await (await newContext()).newPage()
  await logInAs(page, email)
  return page
}

function panel(page: Page, heading: string): Locator {
  return page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: heading, exact: true }) })
}

async function expectToast(page: Page, message: string | RegExp) {
  await expect(page.getByRole('status').getByText(message, { exact: typeof message === 'string' })).toBeVisible()
}

/** The versions table of the specification's hub, newest first. */
async function readVersions(page: Page): Promise<VersionRow[]> {
  await page.goto(BASE)
  await expect(page.getByRole('heading', { level: 1, name: 'Техническое задание', exact: true })).toBeVisible()
  const rows: VersionRow[] = []
  for (const row of await panel(page, 'Версии').locator('tbody tr').all()) {
    const cells = await row.getByRole('cell').allInnerTexts()
    const number = Number(/^Версия (\d+)$/.exec(cells[0]!.trim())?.[1])
    expect(number, `a version number in “${cells[0]}”`).toBeGreaterThan(0)
    rows.push({ number, status: cells[1]!.trim(), signatures: cells[3]!.trim() })
  }
  return rows
}

/** A date as the document may print it: ISO or the Russian dd.mm.yyyy. */
function printedDate(iso: string): RegExp {
  const [y, m, d] = iso.split('-')
  return new RegExp(`${escapeRegExp(iso)}|${d}\\.${m}\\.${y}`)
}

/** The date `days` after an ISO date, as an ISO date. */
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * The lead changes title fields in the draft editor, saves, and issues the next version (its
 * number read from the hub beforehand). Returns the new version's number; the lead is on its page.
 */
async function issueWithChanges(lead: Page, changes: { label: string; value: string }[]): Promise<number> {
  const before = await readVersions(lead)
  const expected = Math.max(0, ...before.map((v) => v.number)) + 1
  await lead.getByRole('link', { name: 'Редактировать проект ТЗ' }).click()
  await expect(lead.getByRole('heading', { level: 1, name: 'Черновик технического задания' })).toBeVisible()
  for (const change of changes) await lead.getByLabel(change.label).fill(change.value)
  await expect(lead.getByText('Есть несохранённые изменения')).toBeVisible()
  await expect(lead.getByRole('button', { name: `Выпустить версию ${expected}` }), 'no issuing from unsaved edits').toBeDisabled()
  await lead.getByRole('button', { name: 'Сохранить черновик' }).click()
  await expectToast(lead, /^Черновик сохранён \(редакция \d+\)\.$/)
  await expect(lead.getByText('Все изменения сохранены')).toBeVisible()
  for (const change of changes) await expect(lead.getByLabel(change.label)).toHaveValue(change.value)
  await expect(lead.getByText('Всё необходимое для выпуска версии на месте.')).toBeVisible()
  await snapshot(lead, `39-ru-spec-draft-before-v${expected}`)
  await lead.getByRole('button', { name: `Выпустить версию ${expected}` }).click()
  await expect(lead).toHaveURL(new RegExp(`${escapeRegExp(BASE)}/v/${expected}$`))
  await expectToast(lead, `Версия ${expected} выпущена.`)
  await expect(lead.getByRole('heading', { level: 1 })).toHaveText(`Техническое задание, версия ${expected}Выпущена · на рассмотрении`)
  return expected
}

/** A version open for signing that nobody has signed yet: the newest, or a new one issued now. */
async function unsignedVersion(lead: Page): Promise<number> {
  const [newest] = await readVersions(lead)
  if (newest && newest.status === 'Выпущена · на рассмотрении' && newest.signatures === '0 / 2') return newest.number
  return issueWithChanges(lead, [{ label: FIELD.contractNumber, value: `27/ВД-CRM-${runId()}` }])
}

/** The project's current signed version, from the hub's banner. */
async function currentSignedVersion(page: Page): Promise<number> {
  await readVersions(page)
  const banner = page.getByText(/^Действующее техническое задание проекта: версия \d+, подписана /)
  await expect(banner).toBeVisible()
  return Number(/версия (\d+)/.exec(await banner.innerText())![1])
}

async function openVersion(page: Page, number: number) {
  await page.goto(`${BASE}/v/${number}`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Техническое задание, версия ${number}`)
  await settle(page)
}

/**
 * Waits until React has hydrated the version page and had time to render it once more. Its
 * signing and remark forms are components declared inside the page component, so every re-render
 * of the page mounts them afresh (once right after hydration), dropping whatever was typed or
 * chosen. The forms are also filled through `keepTyped`, which fills again if that happened.
 */
async function settle(page: Page) {
  await page.waitForFunction(() => {
    const h1 = document.querySelector('h1')
    return h1 !== null && Object.keys(h1).some((key) => key.startsWith('__reactFiber'))
  })
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 250)))
}

/** Fills a form, then checks that what was filled is still there (see `settle`); fills again if not. */
async function keepTyped(fill: () => Promise<void>, check: () => Promise<void>) {
  await expect(async () => {
    await fill()
    await check()
  }).toPass({ timeout: 10_000 })
}

function signers(page: Page): Locator {
  return page.getByTestId('signer')
}

/** Fills and submits the signing form: the statement names the version's hash. */
async function submitSignature(page: Page, person: { name: string; position: string }, password: string) {
  const hash = (await page.getByTestId('content-hash').innerText()).trim()
  expect(hash).toMatch(/^[0-9a-f]{64}$/)
  const form = page.getByRole('form', { name: SIGN_FORM })
  await expect(form.getByLabel('ФИО')).toHaveValue(person.name)
  await expect(form, 'the statement names the exact content hash').toContainText(hash)
  await keepTyped(
    async () => {
      await form.getByLabel('Должность').fill(person.position)
      await form.getByRole('checkbox').check()
      await form.getByLabel('Ваш пароль').fill(password)
    },
    async () => {
      await expect(form.getByLabel('Должность')).toHaveValue(person.position, { timeout: 0 })
      await expect(form.getByRole('checkbox')).toBeChecked({ timeout: 0 })
      await expect(form.getByLabel('Ваш пароль')).toHaveValue(password, { timeout: 0 })
    },
  )
  await form.getByRole('button', { name: 'Подписать', exact: true }).click()
}

/** The value of a term in the verification result's description list. */
function resultValue(result: Locator, term: string): Locator {
  return result.locator('dt', { hasText: new RegExp(`^\\s*${escapeRegExp(term)}\\s*$`) }).locator('xpath=following-sibling::dd[1]')
}

/** A browser with no account at all (English, as the config's locale): the public's view. */
async function anonymous(newContext: () => Promise<BrowserContext>): Promise<Page> {
  const page = await (await newContext()).newPage()
  await page.goto('/verify')
  await expect(page.getByRole('heading', { level: 1, name: 'Verify a specification' })).toBeVisible()
  return page
}

test('specification: title fields, v1 issued, a remark resolved, v2 issued, the diff, signed in order, locked, verified', async ({
  page: lead,
  newContext,
}) => {
  test.setTimeout(90_000)
  const run = runId()
  await logInAs(lead, LEAD.email)

  // 1. The lead changes the contract number and issues the next version (N).
  const contractNumber = `27/ВД-CRM/${run}`
  const n = await issueWithChanges(lead, [{ label: FIELD.contractNumber, value: contractNumber }])
  await expect(lead.getByText(contractNumber, { exact: true }).first(), 'the issued document prints the new contract number').toBeVisible()
  await expect(signers(lead)).toHaveCount(2)
  await expect(signers(lead).nth(0)).toContainText(LEAD.name)
  await expect(signers(lead).nth(1)).toContainText(VENDOR.name)
  for (const s of await signers(lead).all()) await expect(s).toContainText(NOT_SIGNED)

  // 2. A department head reads version N and leaves a remark on section 1.5 (the dates).
  const head = await openAs(newContext, HEAD.email)
  await openVersion(head, n)
  await expect(head.getByRole('form', { name: SIGN_FORM }), 'not a signer: no signing form').toHaveCount(0)
  const remark = `Срок окончания 30 июня не оставляет времени на закрытие месяца в опытной эксплуатации ${run}`
  const anchor = head.getByLabel('К чему')
  const body = head.getByLabel('Замечание', { exact: true })
  await keepTyped(
    async () => {
      await anchor.selectOption('section:1.5')
      await body.fill(remark)
    },
    async () => {
      await expect(anchor).toHaveValue('section:1.5', { timeout: 0 })
      await expect(body).toHaveValue(remark, { timeout: 0 })
    },
  )
  await head.getByRole('button', { name: 'Добавить замечание' }).click()
  await expectToast(head, 'Замечание добавлено.')
  const headsRemark = head.getByTestId('remark').filter({ hasText: remark })
  await expect(headsRemark).toContainText(HEAD.name)
  await expect(headsRemark).toContainText('1.5')
  await expect(headsRemark).toContainText('Ждёт решения')

  // 3. The lead accepts it with a justification.
  await openVersion(lead, n)
  const leadsRemark = lead.getByTestId('remark').filter({ hasText: remark })
  await expect(leadsRemark).toHaveCount(1)
  const justification = `Срок окончания переносится на месяц в следующей версии ${run}`
  const why = leadsRemark.getByLabel('Обоснование (обязательно при отклонении)')
  await keepTyped(
    () => why.fill(justification),
    () => expect(why).toHaveValue(justification, { timeout: 0 }),
  )
  await leadsRemark.getByRole('button', { name: 'Принять' }).click()
  await expectToast(lead, 'Замечание принято.')
  await expect(leadsRemark).toContainText(`Принято: ${justification}`)
  await expect(leadsRemark.getByRole('button', { name: 'Принять' })).toHaveCount(0)
  await head.reload()
  await expect(headsRemark).toContainText(justification)
  await snapshot(lead, '40-ru-spec-remark-accepted')

  // 4. The lead moves the end date and issues version N+1, which supersedes N.
  await lead.goto(`${BASE}/draft`)
  const oldEnd = await lead.getByLabel(FIELD.endDate).inputValue()
  expect(oldEnd, 'the demo draft has an end date').toMatch(/^\d{4}-\d{2}-\d{2}$/)
  const newEnd = addDays(oldEnd, 31)
  const next = await issueWithChanges(lead, [{ label: FIELD.endDate, value: newEnd }])
  expect(next).toBe(n + 1)

  // 5. The diff N → N+1, reached from the version page, shows the end date changed (the contract number, set in N, is not).
  const compare = lead.getByLabel('Сравнить с')
  await expect(compare).toHaveValue(String(n))
  await lead.getByRole('button', { name: 'Показать изменения' }).click()
  await expect(lead).toHaveURL(new RegExp(`${escapeRegExp(BASE)}/diff\\?(?=.*from=${n}\\b)(?=.*to=${next}\\b)`))
  await expect(lead.getByRole('heading', { level: 1, name: `Изменения версии ${next} относительно версии ${n}` })).toBeVisible()
  const changed = lead.getByRole('article').filter({ has: lead.getByRole('heading', { level: 4, name: /^1\.5\s/ }) })
  await expect(changed).toHaveCount(1)
  await expect(changed.locator('del')).toContainText(printedDate(oldEnd))
  await expect(changed.locator('ins')).toContainText(printedDate(newEnd))
  await expect(lead.getByRole('article').filter({ has: lead.getByRole('heading', { level: 4, name: /^1\.2\s/ }) }), 'the contract number did not change between N and N+1').toHaveCount(0)
  await snapshot(lead, '41-ru-spec-diff')

  // 6. In order: the vendor cannot sign before the client lead…
  const vendor = await openAs(newContext, VENDOR.email)
  await openVersion(vendor, next)
  await expect(vendor.getByText(`Подписание идёт по очереди: сначала должен подписать(-ла) ${LEAD.name}.`)).toBeVisible()
  await expect(vendor.getByRole('form', { name: SIGN_FORM })).toHaveCount(0)

  // …the client lead signs…
  await openVersion(lead, next)
  const hash = (await lead.getByTestId('content-hash').innerText()).trim()
  await submitSignature(lead, LEAD, DEMO_PASSWORD)
  await expectToast(lead, 'Подписано. Теперь может подписать следующий подписант.')
  await expect(signers(lead).nth(0)).toContainText(/Подписано \d/)
  await expect(signers(lead).nth(0)).toContainText(`${LEAD.name}, ${LEAD.position}`)
  await expect(signers(lead).nth(1)).toContainText(NOT_SIGNED)
  await expect(lead.getByRole('button', { name: 'Отозвать мою подпись' }), 'a signature can be revoked until the version is fully signed').toBeVisible()

  // …then the vendor, and the version is signed by all and locked.
  await openVersion(vendor, next)
  await expect(vendor.getByText(/Подписание идёт по очереди/)).toHaveCount(0)
  await submitSignature(vendor, VENDOR, DEMO_PASSWORD)
  await expectToast(vendor, `Версия ${next} подписана всеми: она заблокирована и стала действующим техническим заданием проекта.`)
  await expect(vendor.getByRole('heading', { level: 1 })).toHaveText(`Техническое задание, версия ${next}Подписана`)
  await expect(vendor.getByRole('form', { name: SIGN_FORM })).toHaveCount(0)

  await lead.reload()
  await expect(lead.getByRole('heading', { level: 1 })).toHaveText(`Техническое задание, версия ${next}Подписана`)
  await expect(lead.getByTestId('content-hash')).toHaveText(hash)
  await expect(signers(lead).nth(1)).toContainText(`${VENDOR.name}, ${VENDOR.position}`)
  for (const s of await signers(lead).all()) await expect(s).toContainText(/Подписано \d/)
  await expect(lead.getByRole('button', { name: 'Отозвать мою подпись' })).toHaveCount(0)
  await expect(lead.getByText('Рассмотрение этой версии закрыто.')).toBeVisible()
  await expect(lead.getByRole('button', { name: 'Добавить замечание' })).toHaveCount(0)
  await snapshot(lead, '42-ru-spec-signed-version')

  const versions = await readVersions(lead)
  expect(versions.slice(0, 2)).toEqual([
    { number: next, status: 'Подписана', signatures: '2 / 2' },
    { number: n, status: 'Заменена', signatures: '0 / 2' },
  ])
  await expect(lead.getByText(new RegExp(`^Действующее техническое задание проекта: версия ${next}, подписана `))).toBeVisible()

  // 7. The public verification page confirms the hash: this project, this version, both signatures.
  await lead.goto('/verify')
  await lead.getByLabel('Хеш содержимого (64 шестнадцатеричных символа)').fill(hash)
  await lead.getByRole('button', { name: 'Проверить' }).click()
  const result = lead.getByTestId('verify-result')
  await expect(result.getByRole('heading', { level: 2 })).toHaveText('✓ Это подписанная версия')
  await expect(resultValue(result, 'Проект')).toHaveText(PROJECT)
  await expect(resultValue(result, 'Версия')).toHaveText(String(next))
  await expect(resultValue(result, 'Хеш содержимого')).toHaveText(hash)
  await expect(result.getByRole('listitem')).toHaveCount(2)
  await expect(result.getByRole('listitem').nth(0)).toContainText(`${LEAD.name}, ${LEAD.position} (Заказчик, утверждает)`)
  await expect(result.getByRole('listitem').nth(1)).toContainText(`${VENDOR.name}, ${VENDOR.position} (Исполнитель, согласует)`)
  await snapshot(lead, '43-ru-verify-hash')
})

test('signing in order: the vendor trying to sign before the client lead is told whose turn it is and gets no sign form', async ({
  page: lead,
  newContext,
}) => {
  await logInAs(lead, LEAD.email)
  const n = await unsignedVersion(lead)

  const vendor = await openAs(newContext, VENDOR.email)
  await openVersion(vendor, n)
  await expect(vendor.getByText(`Подписание идёт по очереди: сначала должен подписать(-ла) ${LEAD.name}.`, { exact: true })).toBeVisible()
  await expect(vendor.getByRole('form', { name: SIGN_FORM })).toHaveCount(0)
  await expect(vendor.getByRole('button', { name: 'Подписать', exact: true })).toHaveCount(0)
  await expect(vendor.getByRole('checkbox')).toHaveCount(0)
  await snapshot(vendor, '44-ru-spec-vendor-waits')

  // A signature posted anyway (with the page's one-time token) is refused by the server too.
  const challenge = await vendor.locator('input[name="challenge"]').first().getAttribute('value')
  expect(challenge, 'the page carries a token (for declining)').toBeTruthy()
  const hash = (await vendor.getByTestId('content-hash').innerText()).trim()
  const refused = await vendor.request.post(`${BASE}/v/${n}`, {
    form: { intent: 'sign', challenge: challenge!, confirmedHash: hash, fullName: VENDOR.name, position: VENDOR.position, confirm: 'on', password: DEMO_PASSWORD },
    maxRedirects: 0,
  })
  expect(refused.status()).toBe(409)
  expect(await pageText(refused)).toContain(`Подписание идёт по очереди: сначала должен подписать(-ла) ${LEAD.name}.`)

  await openVersion(lead, n)
  for (const s of await signers(lead).all()) await expect(s).toContainText(NOT_SIGNED)
})

test('a wrong password signs nothing', async ({ page: lead, consoleGuard }) => {
  await logInAs(lead, LEAD.email)
  const n = await unsignedVersion(lead)
  // The refused form answers 403, which the browser logs.
  consoleGuard.allowStatus(403, `${BASE}/v/${n}.data`)

  await openVersion(lead, n)
  await submitSignature(lead, LEAD, `${DEMO_PASSWORD}-wrong`)
  const form = lead.getByRole('form', { name: SIGN_FORM })
  await expect(form.getByRole('alert')).toHaveText('Неверный пароль. Ничего не подписано.')
  await expect(form.getByLabel('Ваш пароль')).toHaveAttribute('aria-invalid', 'true')
  await expect(signers(lead).nth(0)).toContainText(NOT_SIGNED)
  await snapshot(lead, '45-ru-spec-wrong-password')

  // Nothing was stored: after a reload the version is still unsigned and the form is offered again.
  await lead.reload()
  await expect(lead.getByRole('heading', { level: 1 })).toContainText('Выпущена · на рассмотрении')
  for (const s of await signers(lead).all()) await expect(s).toContainText(NOT_SIGNED)
  await expect(lead.getByRole('form', { name: SIGN_FORM })).toBeVisible()
  await expect(lead.getByRole('button', { name: 'Отозвать мою подпись' })).toHaveCount(0)
  const [row] = (await readVersions(lead)).filter((v) => v.number === n)
  expect(row).toEqual({ number: n, status: 'Выпущена · на рассмотрении', signatures: '0 / 2' })
})

test('a fully signed version shows Signed and offers no sign, decline or revoke form, and refuses a revocation', async ({ page: lead, newContext }) => {
  await logInAs(lead, LEAD.email)
  const n = await currentSignedVersion(lead)
  const vendor = await openAs(newContext, VENDOR.email)
  for (const page of [lead, vendor]) {
    await openVersion(page, n)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Техническое задание, версия ${n}Подписана`)
    await expect(signers(page)).toHaveCount(2)
    for (const s of await signers(page).all()) await expect(s).toContainText(/Подписано \d/)
    await expect(page.getByText('Подписано всеми', { exact: true })).toBeVisible()
    await expect(page.getByRole('form', { name: SIGN_FORM })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Подписать', exact: true })).toHaveCount(0)
    await expect(page.getByText('Отказаться подписывать…')).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Отозвать мою подпись' })).toHaveCount(0)
    await expect(page.getByLabel('Ваш пароль')).toHaveCount(0)
    await expect(page.getByRole('link', { name: 'PDF · с печатью' })).toBeVisible()
  }
  // The lead posts a revocation anyway: refused, and the version stays signed.
  const refused = await lead.request.post(`${BASE}/v/${n}`, { form: { intent: 'revoke' }, maxRedirects: 0 })
  expect(refused.status()).toBe(409)
  expect(await pageText(refused)).toContain('Версия подписана всеми: подпись больше нельзя отозвать.')
  await lead.reload()
  await expect(lead.getByRole('heading', { level: 1 })).toHaveText(`Техническое задание, версия ${n}Подписана`)
})

/** The current signed version's number, hash and signers, as the lead's version page shows them. */
async function signedFacts(lead: Page) {
  await logInAs(lead, LEAD.email)
  const number = await currentSignedVersion(lead)
  await openVersion(lead, number)
  const hash = (await lead.getByTestId('content-hash').innerText()).trim()
  expect(hash).toMatch(/^[0-9a-f]{64}$/)
  return { number, hash }
}

test('verification by content hash names the project, the version and both signatures', async ({ page: lead, newContext }) => {
  const { number, hash } = await signedFacts(lead)
  const visitor = await anonymous(newContext)
  await visitor.getByLabel('Content hash (64 hexadecimal characters)').fill(hash.toUpperCase())
  await visitor.getByRole('button', { name: 'Verify' }).click()
  const result = visitor.getByTestId('verify-result')
  await expect(result.getByRole('heading', { level: 2 })).toHaveText('✓ This is a signed version')
  await expect(resultValue(result, 'Project')).toHaveText(PROJECT)
  await expect(resultValue(result, 'Version')).toHaveText(String(number))
  await expect(resultValue(result, 'Content hash')).toHaveText(hash)
  await expect(resultValue(result, 'How it was matched')).toHaveText('By the content hash you entered.')
  const lines = result.getByRole('listitem')
  await expect(lines).toHaveCount(2)
  await expect(lines.nth(0)).toContainText(`${LEAD.name}, ${LEAD.position} (Client, approves)`)
  await expect(lines.nth(1)).toContainText(`${VENDOR.name}, ${VENDOR.position} (Vendor, agrees)`)
  await snapshot(visitor, '46-en-verify-hash')
})

test('the signed PDF downloaded from the version page is confirmed byte for byte', async ({ page: lead, newContext }) => {
  test.setTimeout(60_000)
  const { number, hash } = await signedFacts(lead)
  const downloading = lead.waitForEvent('download')
  await lead.getByRole('link', { name: 'PDF · с печатью' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/\.pdf$/)
  const file = test.info().outputPath(download.suggestedFilename())
  await download.saveAs(file)
  expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-')

  const visitor = await anonymous(newContext)
  await visitor.getByLabel('Exported file').setInputFiles(file)
  await visitor.getByRole('button', { name: 'Verify' }).click()
  const result = visitor.getByTestId('verify-result')
  await expect(result.getByRole('heading', { level: 2 })).toHaveText('✓ This is a signed version')
  await expect(result).toContainText(download.suggestedFilename())
  await expect(resultValue(result, 'How it was matched')).toHaveText('Byte for byte: this file is the signed copy Specwright issued.')
  await expect(resultValue(result, 'Project')).toHaveText(PROJECT)
  await expect(resultValue(result, 'Version')).toHaveText(String(number))
  await expect(resultValue(result, 'Content hash')).toHaveText(hash)
  await expect(result.getByRole('listitem')).toHaveCount(2)
  await snapshot(visitor, '47-en-verify-pdf')
})

test('a text file that is not a Specwright export is reported as such', async ({ page, consoleGuard }) => {
  consoleGuard.allowStatus(400, '/verify.data')
  await page.goto('/verify')
  await page.getByLabel('Exported file').setInputFiles({
    name: 'meeting-notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Meeting notes: the specification is signed, see version 2.\n'),
  })
  await page.getByRole('button', { name: 'Verify' }).click()
  const result = page.getByTestId('verify-result')
  await expect(result.getByRole('heading', { level: 2 })).toHaveText('Not a Specwright document')
  await expect(result).toContainText('This is not a PDF, DOCX or Markdown file exported by Specwright.')
  await expect(result).not.toContainText('signed version')
  await snapshot(page, '48-en-verify-not-specwright')
})
