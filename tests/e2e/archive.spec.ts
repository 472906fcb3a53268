import { createProject, expect, signUp, snapshot, test, uniqueEmail } from './fixtures'

const READ_ONLY_NOTE = 'This project is archived and read-only. The lead can restore it in Settings.'

test('the lead archives a project (read-only, writes refused) and restores it', async ({ page }) => {
  await signUp(page, { name: 'Arch Lead', email: uniqueEmail('archive') })
  const project = await createProject(page, { name: `Archive me ${Date.now().toString(36)}`, clientOrganisation: 'Dusty Files Ltd' })
  const base = `/p/${project.slug}`
  const nav = page.getByRole('navigation', { name: 'Project' })
  const invite = (email: string) =>
    page.request.post(`${base}/members`, { form: { intent: 'invite', email, role: 'member' }, maxRedirects: 0 })

  // Archive it in Settings.
  await nav.getByRole('link', { name: 'Settings' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Project settings' })).toBeVisible()
  await page.getByRole('button', { name: 'Archive project' }).click()
  await expect(page.getByRole('status').getByText('Project archived: it is now read-only.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Restore project' })).toBeVisible()
  await expect(page.getByText('The project is archived: restore it to edit its details.')).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveCount(0)

  // The dashboard says so.
  await nav.getByRole('link', { name: 'Dashboard' }).click()
  await expect(page.getByRole('heading', { level: 1, name: project.name })).toBeVisible()
  await expect(page.getByRole('note')).toHaveText(READ_ONLY_NOTE)
  await expect(page.getByRole('complementary').getByText('Archived', { exact: true })).toBeVisible()
  await snapshot(page, '10-archived-dashboard')

  // No invitation form, and the server refuses an invitation posted anyway.
  await nav.getByRole('link', { name: 'Working group' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Working group' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create invitation link' })).toHaveCount(0)
  const refusedEmail = uniqueEmail('refused')
  const refused = await invite(refusedEmail)
  expect(refused.status()).toBe(403)
  expect(await refused.text()).toContain('This project is archived and read-only.')
  const rename = await page.request.post(`${base}/settings`, {
    form: { intent: 'update', name: 'Renamed while archived', clientOrganisation: 'X', documentLanguage: 'en', currency: 'EUR' },
    maxRedirects: 0,
  })
  expect(rename.status()).toBe(403)

  // It moved to the archived list.
  await page.goto('/projects')
  await expect(page.getByRole('link', { name: project.name })).toHaveCount(0)
  await page.getByRole('link', { name: 'Archived', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Archived projects' })).toBeVisible()
  await expect(page.getByRole('link', { name: project.name })).toBeVisible()

  // Restore it.
  await page.getByRole('link', { name: project.name }).click()
  await nav.getByRole('link', { name: 'Settings' }).click()
  await page.getByRole('button', { name: 'Restore project' }).click()
  await expect(page.getByRole('status').getByText('Project restored.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Archive project' })).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveValue(project.name)

  await nav.getByRole('link', { name: 'Dashboard' }).click()
  await expect(page.getByRole('heading', { level: 1, name: project.name })).toBeVisible()
  await expect(page.getByRole('note')).toHaveCount(0)

  // Writable again; the refused invitation was never created.
  const acceptedEmail = uniqueEmail('accepted')
  const accepted = await invite(acceptedEmail)
  expect(accepted.status()).toBe(200)
  await nav.getByRole('link', { name: 'Working group' }).click()
  const openInvitations = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Open invitations' }) })
  await expect(openInvitations).toContainText(acceptedEmail)
  await expect(openInvitations).not.toContainText(refusedEmail)
  await page.goto('/projects')
  await expect(page.getByRole('link', { name: project.name })).toBeVisible()
})
