import fs from 'node:fs'
import path from 'node:path'
import {
  test as base,
  expect,
  type APIRequestContext,
  type APIResponse,
  type BrowserContext,
  type Page,
} from '@playwright/test'

export { expect }

/** The password of every demo account (app/cli/seed-demo.ts). */
export const DEMO_PASSWORD = 'specwright-demo'

/** A password long enough for sign-up (at least 10 characters). */
export const PASSWORD = 'correct horse battery'

/** An e-mail address no earlier run or parallel test has used. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}@e2e.example`
}

type ConsoleGuard = {
  /** Collects console errors and uncaught page errors of every page the context opens. */
  watch(context: BrowserContext): void
  /** Declares an error the test provokes on purpose. */
  allow(pattern: RegExp): void
  /**
   * Declares an HTTP error status the test provokes on purpose for one path: the browser logs
   * every 4xx answer ("Failed to load resource"), including a refused form's `.data` request.
   */
  allowStatus(status: number, path: string): void
}

type Fixtures = {
  consoleGuard: ConsoleGuard
  /** Another browser, with its own cookies: a second person. Closed after the test. */
  newContext: () => Promise<BrowserContext>
  /** An HTTP client (no browser) with its own cookie jar. Disposed after the test. */
  newRequest: () => Promise<APIRequestContext>
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  consoleGuard: async ({}, provide) => {
    const errors: string[] = []
    const allowed: RegExp[] = []
    const watched = new WeakSet<BrowserContext>()
    await provide({
      watch(context) {
        if (watched.has(context)) return
        watched.add(context)
        context.on('console', (message) => {
          if (message.type() !== 'error') return
          const where = message.location().url ? ` (${message.location().url})` : ''
          errors.push(`console.error: ${message.text()}${where}`)
        })
        context.on('weberror', (webError) => errors.push(`page error: ${webError.error().stack ?? String(webError.error())}`))
      },
      allow(pattern) {
        allowed.push(pattern)
      },
      allowStatus(status, path) {
        allowed.push(new RegExp(`^console\\.error: Failed to load resource: the server responded with a status of ${status} \\([^)]*\\) \\(https?://[^/]+${escapeRegExp(path)}\\)$`))
      },
    })
    // Runs after every context the test used is closed, so nothing logged late is missed.
    const unexpected = errors.filter((e) => !allowed.some((p) => p.test(e)))
    expect(unexpected, 'unexpected console errors in the page').toEqual([])
  },

  context: async ({ context, consoleGuard }, provide) => {
    consoleGuard.watch(context)
    await provide(context)
  },

  newContext: async ({ browser, consoleGuard }, provide) => {
    const made: BrowserContext[] = []
    await provide(async () => {
      const context = await browser.newContext()
      consoleGuard.watch(context)
      made.push(context)
      return context
    })
    for (const context of made) await context.close()
  },

  newRequest: async ({ playwright }, provide) => {
    const made: APIRequestContext[] = []
    await provide(async () => {
      const request = await playwright.request.newContext()
      made.push(request)
      return request
    })
    for (const request of made) await request.dispose()
  },
})

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Saves a screenshot when E2E_SHOTS_DIR is set (for looking at the pages, not for asserting). */
export async function snapshot(page: Page, name: string) {
  const dir = process.env.E2E_SHOTS_DIR
  if (!dir) return
  fs.mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true })
}

// ---------------------------------------------------------------------------------------------
// Through the UI

export async function signUp(page: Page, user: { name: string; email: string; password?: string }) {
  await page.goto('/signup')
  await fillSignUp(page, user)
  await expect(page).toHaveURL(/\/projects$/)
}

/** Fills and submits the sign-up form on the current page (the e-mail may be prefilled). */
export async function fillSignUp(page: Page, user: { name: string; email: string; password?: string }) {
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible()
  await page.getByLabel('Full name').fill(user.name)
  await page.getByLabel('E-mail').fill(user.email)
  await page.getByLabel('Password').fill(user.password ?? PASSWORD)
  await page.getByRole('button', { name: 'Sign up' }).click()
}

export async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login')
  await submitLogin(page, email, password)
}

export async function submitLogin(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
}

export async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/login$/)
}

export type CreatedProject = { name: string; slug: string }

/** Creates a project through the form; returns where it landed. */
export async function createProject(
  page: Page,
  input: { name: string; clientOrganisation: string; documentLanguage?: string; currency?: string },
): Promise<CreatedProject> {
  await page.goto('/projects')
  await page.getByRole('link', { name: 'New project' }).first().click()
  await expect(page.getByRole('heading', { name: 'New project' })).toBeVisible()
  await page.getByLabel('Project name').fill(input.name)
  await page.getByLabel('Client organisation').fill(input.clientOrganisation)
  if (input.documentLanguage) await page.getByLabel('Document language').selectOption({ label: input.documentLanguage })
  if (input.currency) await page.getByLabel('Currency').selectOption(input.currency)
  await page.getByRole('button', { name: 'Create project' }).click()
  await expect(page).toHaveURL(/\/p\/[a-z0-9-]+$/)
  await expect(page.getByRole('heading', { level: 1, name: input.name })).toBeVisible()
  const slug = new URL(page.url()).pathname.split('/')[2]!
  return { name: input.name, slug }
}

// ---------------------------------------------------------------------------------------------
// Over HTTP (no browser): the server's answers themselves

/** Logs an HTTP client in by posting the login form, as a browser without JavaScript would. */
export async function apiLogIn(request: APIRequestContext, email: string, password: string) {
  const response = await request.post('/login', { form: { email, password }, maxRedirects: 0 })
  expect(response.status(), `log in as ${email}`).toBe(302)
  expect(response.headers()['location']).toBe('/projects')
  expect(response.headers()['set-cookie']).toMatch(/sw_session=/)
  return response
}

/** The visible text of an HTML answer, without tags and the inlined loader data. */
export async function pageText(response: APIResponse): Promise<string> {
  const html = await response.text()
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}
