import type { Page } from '@playwright/test'
import { expect, logIn, logOut, PASSWORD, signUp, snapshot, submitLogin, test, uniqueEmail } from './fixtures'

const WRONG_LOGIN = 'The e-mail or password is not right.'

/** Submits the login form and waits for the server's answer to this very submission. */
async function loginAnswer(page: Page, email: string, password: string): Promise<number> {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login.data')
  await submitLogin(page, email, password)
  return (await answered).status()
}

test('a wrong password is refused with a plain message; the right one logs in', async ({ page, consoleGuard }) => {
  consoleGuard.allowStatus(401, '/login.data')
  const email = uniqueEmail('wrong-pw')
  await signUp(page, { name: 'Wanda Wrong', email })
  await logOut(page)

  expect(await loginAnswer(page, email, 'not the password at all')).toBe(401)
  await expect(page.getByRole('alert')).toHaveText(WRONG_LOGIN)
  await expect(page).toHaveURL(/\/login$/)
  await snapshot(page, '06-login-wrong-password')

  // An unknown account gets the very same answer.
  expect(await loginAnswer(page, uniqueEmail('nobody'), PASSWORD)).toBe(401)
  await expect(page.getByRole('alert')).toHaveText(WRONG_LOGIN)

  await submitLogin(page, email, PASSWORD)
  await expect(page).toHaveURL(/\/projects$/)
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
})

test('after five failed logins the account is throttled, even for the right password', async ({ page, consoleGuard }) => {
  consoleGuard.allowStatus(401, '/login.data')
  consoleGuard.allowStatus(429, '/login.data')
  const email = uniqueEmail('throttled')
  await signUp(page, { name: 'Theo Throttled', email })
  await logOut(page)

  for (let attempt = 1; attempt <= 5; attempt++) {
    expect(await loginAnswer(page, email, `wrong password ${attempt}`), `attempt ${attempt}`).toBe(401)
    await expect(page.getByRole('alert'), `attempt ${attempt}`).toHaveText(WRONG_LOGIN)
  }
  expect(await loginAnswer(page, email, PASSWORD)).toBe(429)
  await expect(page.getByRole('alert')).toHaveText(/^Too many failed attempts\. Try again in 15 minutes\.$/)
  await expect(page).toHaveURL(/\/login$/)
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0)
  await snapshot(page, '07-login-throttled')
})

test('logging out ends the session: back to the login, and projects need a login again', async ({ page }) => {
  await signUp(page, { name: 'Olga Out', email: uniqueEmail('logout') })
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' })).toBeVisible()

  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/login$/)
  await expect(page.getByRole('heading', { name: 'Log in to Specwright' })).toBeVisible()

  await page.goto('/projects')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprojects$/)
  await expect(page.getByRole('heading', { name: 'Log in to Specwright' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0)
})

test('sign-up with a 9-character password shows the field error and creates no account', async ({ page, consoleGuard }) => {
  consoleGuard.allowStatus(400, '/signup.data')
  consoleGuard.allowStatus(401, '/login.data')
  const email = uniqueEmail('short-pw')
  await page.goto('/signup')
  await page.getByLabel('Full name').fill('Sasha Short')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill('123456789')
  await page.getByRole('button', { name: 'Sign up' }).click()

  const password = page.getByLabel('Password')
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  await expect(password).toHaveAccessibleDescription('Use at least 10 characters.')
  await expect(page).toHaveURL(/\/signup$/)
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0)
  await snapshot(page, '08-signup-short-password')

  // No account: logging in with that password fails…
  await logIn(page, email, '123456789')
  await expect(page.getByRole('alert')).toHaveText(WRONG_LOGIN)
  // …and the e-mail is still free to sign up with.
  await signUp(page, { name: 'Sasha Short', email })
})

test('the language switch shows Russian and the choice survives a reload', async ({ page, newContext }) => {
  const email = uniqueEmail('locale')
  await signUp(page, { name: 'Rita Russian', email })
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')

  await page.getByRole('button', { name: 'RU', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Проекты' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'RU', exact: true })).toHaveAttribute('aria-pressed', 'true')
  await expect(page).toHaveURL(/\/projects$/)

  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Проекты' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
  await snapshot(page, '09-projects-ru')

  // Kept on the account: logging in from another browser (which asks for English) shows Russian.
  const other = await (await newContext()).newPage()
  await logIn(other, email, PASSWORD)
  await expect(other.getByRole('heading', { level: 1, name: 'Проекты' })).toBeVisible()
})

test('an unknown address shows “Page not found” with status 404', async ({ page, consoleGuard }) => {
  // The browser logs the 404 document it was given; that is the point of this test.
  consoleGuard.allowStatus(404, '/no/such/page')
  const response = await page.goto('/no/such/page')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
  await expect(page.getByText('There is nothing at this address.')).toBeVisible()
  await page.getByRole('link', { name: 'Go to the start page' }).click()
  await expect(page).toHaveURL(/\/login$/)
})

test('an oversized body is refused with 413 before it is read', async ({ request }) => {
  const threeMegabytes = 'a'.repeat(3 * 1024 * 1024)
  const response = await request.post('/login', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    data: `email=a%40b.c&password=${threeMegabytes}`,
    maxRedirects: 0,
  })
  expect(response.status()).toBe(413)
})

test('an oversized body without a declared length is refused with 413 too', async ({ baseURL }) => {
  // Chunked, so the server learns the size only while reading it.
  const chunk = new TextEncoder().encode('a'.repeat(256 * 1024))
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 12) return controller.close()
      sent++
      controller.enqueue(chunk)
    },
  })
  const status = await fetch(new URL('/login', baseURL), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
    duplex: 'half',
    redirect: 'manual',
  } as RequestInit).then(
    (response) => response.status,
    (error: Error & { cause?: { code?: string } }) => `no answer: ${error.cause?.code ?? error.message}`,
  )
  expect(status, 'the server must answer 413, not drop the connection').toBe(413)
})

test('a form post from another site is refused (403)', async ({ request }) => {
  const response = await request.post('/login', {
    headers: { Origin: 'https://evil.example' },
    form: { email: 'a@b.c', password: PASSWORD },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(403)
  expect(await response.text()).toBe('Cross-site request refused')
})
