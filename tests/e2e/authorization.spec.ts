import type { APIRequestContext } from '@playwright/test'
import { apiLogIn, DEMO_PASSWORD, expect, logIn, pageText, PASSWORD, snapshot, test, uniqueEmail } from './fixtures'

// What each role of the demo project may do, asked of the server directly (no UI to hide
// buttons): a forbidden request is answered 403 and changes nothing.

const SLUG = 'volga-crm'
const PROJECT_NAME = 'Выбор CRM для «Волга-Дистрибуции»'
const BASE = `/p/${SLUG}`

const PEOPLE = {
  lead: 'sokolova@volga-demo.ru',
  department_head: 'volkov@volga-demo.ru',
  member: 'smirnov@volga-demo.ru',
  observer: 'nikolaev@volga-demo.ru',
  vendor: 'orlov@vendor-demo.ru',
} as const
type Role = keyof typeof PEOPLE

// These tests share the demo project: run them one after another.
test.describe.configure({ mode: 'serial' })

async function as(newRequest: () => Promise<APIRequestContext>, role: Role) {
  const request = await newRequest()
  await apiLogIn(request, PEOPLE[role], DEMO_PASSWORD)
  return request
}

const renameForm = (name: string) => ({
  intent: 'update',
  name,
  clientOrganisation: 'Someone else',
  description: '',
  documentLanguage: 'en',
  currency: 'USD',
})

/** The project's name as its lead sees it, read from the lead's project list. */
async function projectNameSeenByLead(lead: APIRequestContext) {
  const response = await lead.get('/projects')
  expect(response.status()).toBe(200)
  return pageText(response)
}

/** The open invitations' e-mails, as the lead's working-group page lists them. */
async function workingGroupSeenByLead(lead: APIRequestContext) {
  const response = await lead.get(`${BASE}/members`)
  expect(response.status()).toBe(200)
  return pageText(response)
}

async function expectForbidden(response: Awaited<ReturnType<APIRequestContext['get']>>) {
  expect(response.status()).toBe(403)
  // The calm error page in the user's language (demo users read Russian), not a stack trace.
  const text = await pageText(response)
  expect(text).toContain('Нет доступа')
  expect(text).toContain('Ваша роль в проекте не позволяет это сделать.')
}

test('lead: may invite to the project, but cannot touch a project they are not in', async ({ newRequest }) => {
  const lead = await as(newRequest, 'lead')
  const invited = uniqueEmail('invited-by-lead')

  const settings = await lead.get(`${BASE}/settings`)
  expect(settings.status()).toBe(200)

  const invite = await lead.post(`${BASE}/members`, { form: { intent: 'invite', email: invited, role: 'member' }, maxRedirects: 0 })
  expect(invite.status()).toBe(200)
  // The page answered shows the link (in the copyable field).
  expect(await invite.text()).toMatch(/value="http:\/\/[^"]+\/invite\/[A-Za-z0-9_-]{20,}"/)
  expect(await workingGroupSeenByLead(lead)).toContain(invited)

  // Another demo project: not a member, so it does not exist as far as this lead can tell.
  const foreign = await lead.post('/p/northwind-helpdesk/settings', { form: renameForm('Taken over'), maxRedirects: 0 })
  expect(foreign.status()).toBe(404)
  const northwindLead = await newRequest()
  await apiLogIn(northwindLead, 'emma.clarke@northwind-demo.com', DEMO_PASSWORD)
  const list = await pageText(await northwindLead.get('/projects'))
  expect(list).toContain('Help desk for Northwind Supplies')
  expect(list).not.toContain('Taken over')
})

test('department head: cannot rename the project or invite people (403, nothing changes)', async ({ newRequest }) => {
  const lead = await as(newRequest, 'lead')
  const head = await as(newRequest, 'department_head')
  const wouldInvite = uniqueEmail('invited-by-head')

  await expectForbidden(await head.post(`${BASE}/settings`, { form: renameForm('Renamed by the head'), maxRedirects: 0 }))
  await expectForbidden(await head.get(`${BASE}/settings`))
  await expectForbidden(
    await head.post(`${BASE}/members`, { form: { intent: 'invite', email: wouldInvite, role: 'lead' }, maxRedirects: 0 }),
  )

  // The head still sees the working group (read-only)…
  const group = await head.get(`${BASE}/members`)
  expect(group.status()).toBe(200)
  // …and the lead sees that nothing changed.
  const names = await projectNameSeenByLead(lead)
  expect(names).toContain(PROJECT_NAME)
  expect(names).not.toContain('Renamed by the head')
  expect(await workingGroupSeenByLead(lead)).not.toContain(wouldInvite)
})

test('member: cannot rename the project, open its settings or audit log, or add a department (403)', async ({ newRequest }) => {
  const lead = await as(newRequest, 'lead')
  const member = await as(newRequest, 'member')

  await expectForbidden(await member.post(`${BASE}/settings`, { form: renameForm('Renamed by a member'), maxRedirects: 0 }))
  await expectForbidden(await member.post(`${BASE}/settings`, { form: { intent: 'archive' }, maxRedirects: 0 }))
  await expectForbidden(await member.get(`${BASE}/settings`))
  await expectForbidden(await member.get(`${BASE}/audit`))
  await expectForbidden(
    await member.post(`${BASE}/members`, { form: { intent: 'save-department', name: 'Shadow department' }, maxRedirects: 0 }),
  )

  const names = await projectNameSeenByLead(lead)
  expect(names).toContain(PROJECT_NAME)
  expect(names).not.toContain('Renamed by a member')
  const group = await workingGroupSeenByLead(lead)
  expect(group).not.toContain('Shadow department')
  // Not archived either: the lead's dashboard carries no read-only note.
  const dashboard = await pageText(await lead.get(BASE))
  expect(dashboard).not.toContain('Проект в архиве')
})

test('observer: cannot rename the project or invite people (403, nothing changes)', async ({ newRequest }) => {
  const lead = await as(newRequest, 'lead')
  const observer = await as(newRequest, 'observer')
  const wouldInvite = uniqueEmail('invited-by-observer')

  const dashboard = await observer.get(BASE)
  expect(dashboard.status()).toBe(200)
  await expectForbidden(await observer.post(`${BASE}/settings`, { form: renameForm('Renamed by the observer'), maxRedirects: 0 }))
  await expectForbidden(
    await observer.post(`${BASE}/members`, { form: { intent: 'invite', email: wouldInvite, role: 'member' }, maxRedirects: 0 }),
  )

  const names = await projectNameSeenByLead(lead)
  expect(names).toContain(PROJECT_NAME)
  expect(names).not.toContain('Renamed by the observer')
  expect(await workingGroupSeenByLead(lead)).not.toContain(wouldInvite)
})

test('vendor: does not see the working group and cannot reach the lead’s settings (403)', async ({ newRequest }) => {
  const lead = await as(newRequest, 'lead')
  const vendor = await as(newRequest, 'vendor')

  // The vendor is a member: the dashboard opens…
  const dashboard = await vendor.get(BASE)
  expect(dashboard.status()).toBe(200)
  const dashboardText = await pageText(dashboard)
  expect(dashboardText).toContain(PROJECT_NAME)
  // …without the working group's names or size.
  expect(dashboardText).not.toContain('Дмитрий Волков')
  expect(dashboardText).not.toContain('volkov@volga-demo.ru')
  expect(dashboardText).not.toContain('Рабочая группа')
  expect(dashboardText).not.toContain('Открытые приглашения')

  await expectForbidden(await vendor.get(`${BASE}/members`))
  await expectForbidden(await vendor.get(`${BASE}/settings`))
  await expectForbidden(await vendor.post(`${BASE}/settings`, { form: renameForm('Renamed by the vendor'), maxRedirects: 0 }))
  // The data endpoint a client-side navigation would use says the same.
  const data = await vendor.get(`${BASE}/members.data`)
  expect(data.status()).toBe(403)
  expect(await data.text()).not.toContain('volkov@volga-demo.ru')

  const names = await projectNameSeenByLead(lead)
  expect(names).toContain(PROJECT_NAME)
  expect(names).not.toContain('Renamed by the vendor')
})

test('vendor in a browser: the settings page says “not allowed”', async ({ page, consoleGuard }) => {
  // The browser logs the 403 document it was given; that is the point of this test.
  consoleGuard.allowStatus(403, `${BASE}/settings`)
  await logIn(page, PEOPLE.vendor, DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/projects$/)
  // The vendor's account reads Russian: switch to English for this check, and back after it.
  await page.getByRole('button', { name: 'EN', exact: true }).click()
  try {
    await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible()

    await page.goto(`${BASE}/settings`)
    await expect(page.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible()
    await expect(page.getByText('Your role in this project does not allow this.')).toBeVisible()
    await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveCount(0)
    await snapshot(page, '05-vendor-not-allowed')

    // The project navigation offers the vendor neither the working group nor the settings.
    await page.goto(BASE)
    const nav = page.getByRole('navigation', { name: 'Project' })
    await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible()
    await expect(nav.getByRole('link', { name: 'Working group' })).toHaveCount(0)
    await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0)
    await expect(page.getByRole('heading', { name: 'Working group' })).toHaveCount(0)
  } finally {
    const back = await page.request.post('/locale', { form: { locale: 'ru' }, maxRedirects: 0 })
    expect(back.status()).toBe(302)
  }
})

test('non-member: the project answers 404, exactly like a project that does not exist', async ({ newRequest }) => {
  const stranger = await newRequest()
  const email = uniqueEmail('stranger')
  const signup = await stranger.post('/signup', { form: { name: 'Stan Stranger', email, password: PASSWORD }, maxRedirects: 0 })
  expect(signup.status()).toBe(302)
  expect(signup.headers()['location']).toBe('/projects')

  const real = await stranger.get(BASE)
  expect(real.status()).toBe(404)
  const missing = await stranger.get('/p/no-such-project-anywhere')
  expect(missing.status()).toBe(404)
  expect(await pageText(real)).toBe(await pageText(missing))
  expect(await pageText(real)).not.toContain(PROJECT_NAME)

  for (const path of [`${BASE}/members`, `${BASE}/settings`, `${BASE}/audit`]) {
    expect((await stranger.get(path)).status(), path).toBe(404)
  }
  const rename = await stranger.post(`${BASE}/settings`, { form: renameForm('Renamed by a stranger'), maxRedirects: 0 })
  expect(rename.status()).toBe(404)
  expect(await pageText(await stranger.get('/projects'))).not.toContain(PROJECT_NAME)
})

test('signed out: a project page sends to the login, and a post changes nothing', async ({ newRequest }) => {
  const anonymous = await newRequest()
  const page = await anonymous.get(BASE, { maxRedirects: 0 })
  expect(page.status()).toBe(302)
  expect(page.headers()['location']).toBe(`/login?redirectTo=${encodeURIComponent(BASE)}`)
  const rename = await anonymous.post(`${BASE}/settings`, { form: renameForm('Renamed anonymously'), maxRedirects: 0 })
  expect(rename.status()).toBe(302)
  expect(rename.headers()['location']).toMatch(/^\/login\?redirectTo=/)

  const lead = await as(newRequest, 'lead')
  expect(await projectNameSeenByLead(lead)).not.toContain('Renamed anonymously')
})
