import { createProject, escapeRegExp, expect, fillSignUp, PASSWORD, signUp, snapshot, test, uniqueEmail } from './fixtures'

// The journey of the issue: a lead signs up, creates a project, invites a department head by
// link; the head signs up from the link, joins with the offered role; the link then is spent.
test('a new lead creates a project and a department head joins it through the invitation link', async ({ page, newContext }) => {
  const leadEmail = uniqueEmail('lead')
  const headEmail = uniqueEmail('head')
  const projectName = `ERP for Acme ${Date.now().toString(36)}`

  // The lead signs up and creates the project.
  await signUp(page, { name: 'Lena Lead', email: leadEmail })
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible()
  await expect(page.getByText('You are not in any project yet')).toBeVisible()

  const project = await createProject(page, {
    name: projectName,
    clientOrganisation: 'Acme Trading LLC',
    documentLanguage: 'Русский',
    currency: 'RUB',
  })
  await expect(page.getByRole('status').getByText(`Project “${projectName}” created.`)).toBeVisible()
  const projectNav = page.getByRole('navigation', { name: 'Project' })
  await expect(projectNav.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('complementary').getByText('Project lead', { exact: true })).toBeVisible()
  await snapshot(page, '01-dashboard')

  // The lead invites a department head and reads the link off the page.
  await projectNav.getByRole('link', { name: 'Working group' }).click()
  await expect(page).toHaveURL(`/p/${project.slug}/members`)
  await expect(page.getByRole('heading', { level: 1, name: 'Working group' })).toBeVisible()
  await page.getByLabel('E-mail').fill(headEmail)
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Department head' })
  await page.getByRole('button', { name: 'Create invitation link' }).click()
  await expect(page.getByText(`Invitation for ${headEmail} as Department head is ready.`)).toBeVisible()
  const linkField = page.getByRole('textbox', { name: 'Invitation link' })
  const link = await linkField.inputValue()
  expect(link).toMatch(new RegExp(`^${escapeRegExp(new URL(page.url()).origin)}/invite/[A-Za-z0-9_-]{20,}$`))
  const openInvitations = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Open invitations' }) })
  await expect(openInvitations.getByRole('listitem').filter({ hasText: headEmail })).toContainText('Department head')
  await snapshot(page, '02-invitation-link')

  // The invited person, in another browser, opens the link and signs up from it.
  const headContext = await newContext()
  const head = await headContext.newPage()
  await head.goto(link)
  await expect(head.getByRole('heading', { name: 'Invitation' })).toBeVisible()
  await expect(head.getByText(`Lena Lead invites you to join “${projectName}” as Department head.`)).toBeVisible()
  await snapshot(head, '03-invitation')
  await head.getByRole('link', { name: 'Sign up to join' }).click()
  await expect(head).toHaveURL(/\/signup\?invite=/)
  await expect(head.getByLabel('E-mail')).toHaveValue(headEmail)
  await fillSignUp(head, { name: 'Hanna Head', email: headEmail, password: PASSWORD })

  // Back on the invitation, now signed in: joining lands on the project with the offered role.
  await expect(head).toHaveURL(new URL(link).pathname)
  await head.getByRole('button', { name: 'Join the project' }).click()
  await expect(head).toHaveURL(`/p/${project.slug}`)
  await expect(head.getByRole('heading', { level: 1, name: projectName })).toBeVisible()
  await expect(head.getByRole('status').getByText('You joined the project as Department head.')).toBeVisible()
  await expect(head.getByRole('complementary').getByText('Department head', { exact: true })).toBeVisible()
  // A department head does not manage the project.
  await expect(head.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Settings' })).toHaveCount(0)

  // The project is in the head's list, with the role.
  await head.goto('/projects')
  const row = head.getByRole('listitem').filter({ has: head.getByRole('link', { name: projectName }) })
  await expect(row).toBeVisible()
  await expect(row).toContainText('Department head')
  await expect(row).toContainText('Acme Trading LLC')
  await expect(row).toContainText('2 members')

  // The lead sees the head in the working group, and the invitation is no longer open.
  await page.reload()
  const headRow = page.getByRole('row').filter({ hasText: headEmail })
  await expect(headRow).toBeVisible()
  await expect(headRow.getByRole('combobox', { name: 'Role of Hanna Head' })).toHaveValue('department_head')
  await expect(openInvitations).toHaveCount(0)

  // The link works once: someone else opening it is told it has been used.
  const thirdContext = await newContext()
  const third = await thirdContext.newPage()
  await third.goto(link)
  await expect(third.getByText('This invitation has already been used.')).toBeVisible()
  await expect(third.getByRole('link', { name: 'Sign up to join' })).toHaveCount(0)
  await expect(third.getByRole('button', { name: 'Join the project' })).toHaveCount(0)

  // …and so is the head, opening it again after logging out.
  await head.getByRole('button', { name: 'Log out' }).click()
  await expect(head).toHaveURL(/\/login$/)
  await head.goto(link)
  await expect(head.getByText('This invitation has already been used.')).toBeVisible()
})
