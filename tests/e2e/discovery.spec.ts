import type { BrowserContext, Locator, Page } from '@playwright/test'
import { apiLogIn, DEMO_PASSWORD, escapeRegExp, expect, logIn, snapshot, test } from './fixtures'

// The discovery stage end to end (issue 3, "Done means"), once per language, on the demo
// projects (their department heads already exist): the lead draws a process and crosses out two
// steps; runs an interview from a copied guide; turns a quoted passage into a requirement; the
// department head rates it; the lead approves it; its evidence leads back to the quote.
// Everything the test creates carries a run id, so a rerun against the same server does not clash.

type Language = {
  code: 'en' | 'ru'
  /** The language switch's button. */
  switchButton: 'EN' | 'RU'
  project: { slug: string; department: string }
  lead: { email: string; name: string }
  head: { email: string; name: string }
  vendor: string
  /** A demo process and interviewee whose names must not reach the vendor. */
  demoProcess: string
  demoInterviewee: string
  guide: { template: string; firstQuestion: string }
  ui: {
    projectNav: string
    processes: string
    interviews: string
    requirements: string
    processName: string
    department: string
    createProcess: string
    processCreated: string
    addStep: string
    stepTitle: string
    actor: string
    tool: string
    verdict: string
    reason: string
    remove: string
    stepAdded: string
    stepSaved: string
    reasonRequired: string
    stepForm: (n: number) => string
    saveStep: (n: number) => string
    diagramView: string
    asIs: string
    toBe: string
    diagramAsIs: string
    diagramToBe: string
    removedTag: string
    guides: string
    copyGuide: string
    guideCopied: string
    guideTitle: string
    save: string
    guideSaved: string
    newInterview: string
    interviewee: string
    position: string
    interviewGuide: string
    createInterview: string
    interviewCreated: string
    status: string
    done: string
    saveInterview: string
    interviewSaved: string
    selected: (quote: string) => string
    fromSelection: string
    quoteSaved: string
    newRequirement: string
    fromQuote: (name: string) => string
    title: string
    statement: string
    acceptanceCriterion: string
    rationale: string
    priority: string
    must: string
    createRequirement: string
    requirementCreated: (code: string) => string
    importance: string
    important: string
    ratingComment: string
    saveRating: string
    ratingSaved: string
    ratingSummary: RegExp
    approve: string
    statusApproved: string
    approved: string
    search: string
    apply: string
    evidence: string
    details: string
    quotes: string
  }
  text: {
    steps: { title: string; actor: string; tool: string }[]
    removeReason: string
    position: string
    /** The answer typed into the first question; the quote is its second sentence. */
    answerLead: string
    quote: string
    acceptance: string
    rationale: string
    ratingComment: string
  }
}

const EN: Language = {
  code: 'en',
  switchButton: 'EN',
  project: { slug: 'northwind-helpdesk', department: 'Customer service' },
  lead: { email: 'emma.clarke@northwind-demo.com', name: 'Emma Clarke' },
  head: { email: 'james.patel@northwind-demo.com', name: 'James Patel' },
  vendor: 'lucas.meyer@vendor-demo.com',
  demoProcess: 'Ticket handling',
  demoInterviewee: 'Priya Shah',
  guide: {
    template: 'Customer service interview guide',
    firstQuestion: 'What do customers contact you about',
  },
  ui: {
    projectNav: 'Project',
    processes: 'Processes',
    interviews: 'Interviews',
    requirements: 'Requirements',
    processName: 'Process name',
    department: 'Department',
    createProcess: 'Create process',
    processCreated: 'Process created. Now write its steps as they happen today.',
    addStep: 'Add step',
    stepTitle: 'Step',
    actor: 'Who does it',
    tool: 'Tool today',
    verdict: 'Verdict',
    reason: 'Reason',
    remove: 'Remove',
    stepAdded: 'Step added.',
    stepSaved: 'Step saved.',
    reasonRequired: 'Say why this step is not needed.',
    stepForm: (n) => `Step ${n}`,
    saveStep: (n) => `Save step ${n}`,
    diagramView: 'Diagram view',
    asIs: 'As-is',
    toBe: 'To-be',
    diagramAsIs: 'Process as it is done today',
    diagramToBe: 'Process as it should be done',
    removedTag: 'removed',
    guides: 'Interview guides',
    copyGuide: 'Copy into project',
    guideCopied: 'Guide copied into the project. You can now adapt it.',
    guideTitle: 'Title',
    save: 'Save',
    guideSaved: 'Guide saved.',
    newInterview: 'New interview',
    interviewee: 'Interviewee',
    position: 'Position',
    interviewGuide: 'Interview guide',
    createInterview: 'Create interview',
    interviewCreated: 'Interview created.',
    status: 'Status',
    done: 'Done',
    saveInterview: 'Save interview',
    interviewSaved: 'Interview saved.',
    selected: (quote) => `Selected: “${quote}”`,
    fromSelection: 'Create requirement from selection',
    quoteSaved: 'Quote saved. Now describe the requirement.',
    newRequirement: 'New requirement',
    fromQuote: (name) => `From the interview with ${name}`,
    title: 'Title',
    statement: 'Statement',
    acceptanceCriterion: 'Acceptance criterion',
    rationale: 'Rationale',
    priority: 'Priority',
    must: 'Must (main task)',
    createRequirement: 'Create requirement',
    requirementCreated: (code) => `Requirement ${code} created.`,
    importance: 'Importance (1–5)',
    important: '4 — important',
    ratingComment: 'Comment (optional)',
    saveRating: 'Save rating',
    ratingSaved: 'Rating saved.',
    ratingSummary: /^Mean 4\.0, spread 0, 1 rating$/,
    approve: 'Approve',
    statusApproved: 'Status changed to "Approved".',
    approved: 'Approved',
    search: 'Search',
    apply: 'Apply',
    evidence: 'Evidence',
    details: 'Details',
    quotes: 'Quotes',
  },
  text: {
    steps: [
      {
        title: 'Customer e-mails the order',
        actor: 'Customer',
        tool: 'E-mail',
      },
      {
        title: 'Print the order for the manager',
        actor: 'Service agent',
        tool: 'Paper',
      },
      {
        title: 'Type the order into the ledger',
        actor: 'Service agent',
        tool: 'Excel',
      },
      {
        title: 'Manager signs the printout',
        actor: 'Head of service',
        tool: 'Paper',
      },
      {
        title: 'Confirm the order to the customer',
        actor: 'Service agent',
        tool: 'E-mail',
      },
    ],
    removeReason: 'Nobody reads the paper copy; the order is already in the system.',
    position: 'Senior support agent',
    answerLead: 'Mostly delivery status questions, about forty a day.',
    quote: 'Each ticket must show the order status without opening the ledger.',
    acceptance: 'An agent opens a ticket of a customer with an order and sees its status on the ticket page.',
    rationale: 'Agents look the status up in Excel for every call.',
    ratingComment: 'Saves my team an hour a day.',
  },
}

const RU: Language = {
  code: 'ru',
  switchButton: 'RU',
  project: { slug: 'volga-crm', department: 'Отдел продаж' },
  lead: { email: 'sokolova@volga-demo.ru', name: 'Ирина Соколова' },
  head: { email: 'volkov@volga-demo.ru', name: 'Дмитрий Волков' },
  vendor: 'orlov@vendor-demo.ru',
  demoProcess: 'От заказа до оплаты',
  demoInterviewee: 'Алексей Смирнов',
  guide: {
    template: 'Опросник для отдела продаж',
    firstQuestion: 'Расскажите о своей работе',
  },
  ui: {
    projectNav: 'Проект',
    processes: 'Процессы',
    interviews: 'Интервью',
    requirements: 'Требования',
    processName: 'Название процесса',
    department: 'Отдел',
    createProcess: 'Создать процесс',
    processCreated: 'Процесс создан. Теперь запишите его шаги так, как они выполняются сегодня.',
    addStep: 'Добавить шаг',
    stepTitle: 'Шаг',
    actor: 'Кто выполняет',
    tool: 'Чем сейчас',
    verdict: 'Решение',
    reason: 'Причина',
    remove: 'Убрать',
    stepAdded: 'Шаг добавлен.',
    stepSaved: 'Шаг сохранён.',
    reasonRequired: 'Укажите, почему этот шаг не нужен.',
    stepForm: (n) => `Шаг ${n}`,
    saveStep: (n) => `Сохранить шаг ${n}`,
    diagramView: 'Вид схемы',
    asIs: 'Как есть',
    toBe: 'Как будет',
    diagramAsIs: 'Процесс так, как он выполняется сегодня',
    diagramToBe: 'Процесс так, как он должен выполняться',
    removedTag: 'убрать',
    guides: 'Опросники',
    copyGuide: 'Скопировать в проект',
    guideCopied: 'Опросник скопирован в проект. Теперь его можно доработать.',
    guideTitle: 'Название',
    save: 'Сохранить',
    guideSaved: 'Опросник сохранён.',
    newInterview: 'Новое интервью',
    interviewee: 'Собеседник',
    position: 'Должность',
    interviewGuide: 'Опросник',
    createInterview: 'Создать интервью',
    interviewCreated: 'Интервью создано.',
    status: 'Статус',
    done: 'Проведено',
    saveInterview: 'Сохранить интервью',
    interviewSaved: 'Интервью сохранено.',
    selected: (quote) => `Выделено: «${quote}»`,
    fromSelection: 'Создать требование из выделенного',
    quoteSaved: 'Цитата сохранена. Теперь опишите требование.',
    newRequirement: 'Новое требование',
    fromQuote: (name) => `Из интервью: ${name}`,
    title: 'Название',
    statement: 'Формулировка',
    acceptanceCriterion: 'Критерий приёмки',
    rationale: 'Обоснование',
    priority: 'Приоритет',
    must: 'Обязательно (основная задача)',
    createRequirement: 'Создать требование',
    requirementCreated: (code) => `Требование ${code} создано.`,
    importance: 'Важность (1–5)',
    important: '4 — важно',
    ratingComment: 'Комментарий (необязательно)',
    saveRating: 'Сохранить оценку',
    ratingSaved: 'Оценка сохранена.',
    ratingSummary: /^Среднее 4\.0, разброс 0, 1 оценка$/,
    approve: 'Утвердить',
    statusApproved: 'Статус изменён: «Утверждено».',
    approved: 'Утверждено',
    search: 'Поиск',
    apply: 'Применить',
    evidence: 'Источники',
    details: 'Сведения',
    quotes: 'Цитаты',
  },
  text: {
    steps: [
      { title: 'Клиент присылает заявку', actor: 'Клиент', tool: 'Почта' },
      { title: 'Распечатать заявку', actor: 'Менеджер', tool: 'Бумага' },
      { title: 'Завести заказ в 1С', actor: 'Менеджер', tool: '1С' },
      {
        title: 'Подпись директора на заявке',
        actor: 'Директор',
        tool: 'Бумага',
      },
      { title: 'Выставить счёт клиенту', actor: 'Бухгалтер', tool: '1С' },
    ],
    removeReason: 'Бумажную копию никто не читает: заказ уже есть в системе.',
    position: 'Старший менеджер',
    answerLead: 'Работаю с оптовыми клиентами Поволжья, в день до тридцати заявок.',
    quote: 'Карточка клиента должна показывать его долг по оплатам без звонка в бухгалтерию.',
    acceptance: 'Менеджер открывает карточку клиента с неоплаченным счётом и видит сумму долга.',
    rationale: 'Сейчас менеджер звонит в бухгалтерию по каждому клиенту.',
    ratingComment: 'Экономит отделу час в день.',
  },
}

/** The 2nd and 4th steps are the ones crossed out. */
const REMOVED = [2, 4]

const exactly = (text: string) => new RegExp(`^${escapeRegExp(text)}$`)

/** A panel of the page, found by its heading. */
function panel(page: Page, heading: string | RegExp): Locator {
  return page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: heading }) })
}

async function expectToast(page: Page, message: string) {
  await expect(page.getByRole('status').getByText(message, { exact: true })).toBeVisible()
}

/** Logs in through the form and switches the interface to the language of the run. */
async function logInIn(page: Page, lang: Language, email: string) {
  await logIn(page, email, DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/projects$/)
  await page.getByRole('button', { name: lang.switchButton, exact: true }).click()
  await expect(page.getByRole('button', { name: lang.switchButton, exact: true })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.locator('html')).toHaveAttribute('lang', lang.code)
}

async function goToStage(page: Page, lang: Language, stage: string) {
  await page
    .getByRole('navigation', { name: lang.ui.projectNav })
    .getByRole('link', { name: new RegExp(`${escapeRegExp(stage)}$`) })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: stage })).toBeVisible()
}

async function discoveryJourney(
  page: Page,
  newContext: () => Promise<BrowserContext>,
  allowStatus: (status: number, path: string) => void,
  lang: Language,
) {
  const { ui, text } = lang
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`
  const base = `/p/${lang.project.slug}`
  const processName = `${lang.code === 'en' ? 'Order intake' : 'Приём заказа'} ${run}`
  const guideTitle = `${lang.guide.template} ${run}`
  const interviewee = `${lang.code === 'en' ? 'Grace Hall' : 'Анна Белова'} ${run}`
  const requirementTitle = `${lang.code === 'en' ? 'Order status on the ticket' : 'Долг клиента в карточке'} ${run}`

  await logInIn(page, lang, lang.lead.email)
  await page.goto(base)

  // 1. A process with five steps; two of them are crossed out.
  await goToStage(page, lang, ui.processes)
  const newProcess = panel(page, lang.code === 'en' ? 'New process' : 'Новый процесс')
  await newProcess.getByLabel(ui.processName).fill(processName)
  await newProcess.getByLabel(ui.department).selectOption({ label: lang.project.department })
  await newProcess.getByRole('button', { name: ui.createProcess }).click()
  await expectToast(page, ui.processCreated)
  await expect(page.getByRole('heading', { level: 1, name: processName })).toBeVisible()
  const processPath = new URL(page.url()).pathname
  expect(processPath).toMatch(new RegExp(`^${escapeRegExp(base)}/processes/[^/]+$`))

  const addStep = panel(page, ui.addStep)
  for (const [i, step] of text.steps.entries()) {
    await addStep.getByLabel(ui.stepTitle, { exact: true }).fill(step.title)
    await addStep.getByLabel(ui.actor).fill(step.actor)
    await addStep.getByLabel(ui.tool).fill(step.tool)
    await addStep.getByRole('button', { name: ui.addStep }).click()
    const saved = page.getByRole('form', {
      name: ui.stepForm(i + 1),
      exact: true,
    })
    await expect(saved.getByLabel(ui.stepTitle, { exact: true })).toHaveValue(step.title)
    // The add form is empty again for the next step.
    await expect(addStep.getByLabel(ui.stepTitle, { exact: true })).toHaveValue('')
  }
  await expect(page.getByRole('form', { name: ui.stepForm(6), exact: true })).toHaveCount(0)

  // Removing a step needs a reason: refused without one, saved with it.
  allowStatus(400, `${processPath}.data`)
  for (const n of REMOVED) {
    const form = page.getByRole('form', { name: ui.stepForm(n), exact: true })
    await form.getByLabel(ui.verdict).selectOption({ label: ui.remove })
    await form.getByRole('button', { name: ui.saveStep(n) }).click()
    await expect(form.getByRole('alert')).toHaveText(ui.reasonRequired)
    await expect(form.getByLabel(ui.reason)).toHaveAttribute('aria-invalid', 'true')
    await form.getByLabel(ui.reason).fill(text.removeReason)
    await form.getByRole('button', { name: ui.saveStep(n) }).click()
    await expect(form.getByRole('alert')).toHaveCount(0)
    await expect(form.getByLabel(ui.verdict)).toHaveValue('remove')
    await expect(form.getByLabel(ui.reason)).toHaveValue(text.removeReason)
  }

  // As-is: every step drawn plainly. To-be: the two removed steps tagged and struck through.
  const views = page.getByRole('navigation', { name: ui.diagramView })
  const asIs = page.getByRole('img', { name: ui.diagramAsIs })
  await expect(views.getByRole('link', { name: ui.asIs })).toHaveAttribute('aria-current', 'page')
  await expect(asIs.locator('g[data-step]')).toHaveCount(5)
  await expect(asIs.locator('text').filter({ hasText: exactly(ui.removedTag) })).toHaveCount(0)
  await expect(asIs.locator('g[data-verdict="remove"]')).toHaveCount(0)

  await views.getByRole('link', { name: ui.toBe }).click()
  await expect(page).toHaveURL(`${processPath}?view=to-be`)
  await expect(views.getByRole('link', { name: ui.toBe })).toHaveAttribute('aria-current', 'page')
  const toBe = page.getByRole('img', { name: ui.diagramToBe })
  await expect(toBe).toBeVisible()
  await expect(page.getByRole('img', { name: ui.diagramAsIs })).toHaveCount(0)
  await expect(toBe.locator('g[data-step]')).toHaveCount(5)
  await expect(toBe.locator('text').filter({ hasText: exactly(ui.removedTag) })).toHaveCount(2)
  const crossed = toBe.locator('g[data-verdict="remove"]')
  await expect(crossed).toHaveCount(2)
  for (const [i, n] of REMOVED.entries()) {
    const box = crossed.nth(i)
    await expect(box).toHaveAttribute('data-step', String(n))
    await expect(box.locator('text').filter({ hasText: exactly(ui.removedTag) })).toHaveCount(1)
    await expect(box.locator('line.strike')).toHaveCount(1)
    await expect(box.locator('text[text-decoration="line-through"]').first()).toBeVisible()
    await expect(box).toContainText(text.steps[n - 1]!.title.split(' ')[0]!)
  }
  await expect(
    toBe
      .locator('g[data-step="1"]')
      .locator('text')
      .filter({ hasText: exactly(ui.removedTag) }),
  ).toHaveCount(0)
  await snapshot(page, `20-${lang.code}-to-be`)

  // 2. A guide copied into the project, an interview from it, a quote turned into a requirement.
  await goToStage(page, lang, ui.interviews)
  await page.getByRole('link', { name: ui.guides }).click()
  await expect(page.getByRole('heading', { level: 1, name: ui.guides })).toBeVisible()
  await page.getByRole('button', { name: `${ui.copyGuide}: ${lang.guide.template}` }).click()
  await expectToast(page, ui.guideCopied)
  await expect(page.getByRole('heading', { level: 1, name: lang.guide.template })).toBeVisible()
  await expect(page.getByText(lang.guide.firstQuestion).first()).toBeVisible()
  // The project's copy is its own: renamed, so this run's copy is told apart from others.
  await page.getByLabel(ui.guideTitle, { exact: true }).fill(guideTitle)
  await page.getByRole('button', { name: ui.save, exact: true }).click()
  await expectToast(page, ui.guideSaved)
  await expect(page.getByRole('heading', { level: 1, name: guideTitle })).toBeVisible()

  await goToStage(page, lang, ui.interviews)
  const newInterview = panel(page, ui.newInterview)
  await newInterview.getByLabel(ui.interviewee, { exact: true }).fill(interviewee)
  await newInterview.getByLabel(ui.position).fill(text.position)
  await newInterview.getByLabel(ui.department).selectOption({ label: lang.project.department })
  const guideSelect = newInterview.getByLabel(ui.interviewGuide)
  const guideOption = (await guideSelect.locator('option', { hasText: guideTitle }).textContent()) ?? ''
  expect(guideOption).toContain(guideTitle)
  await guideSelect.selectOption({ label: guideOption })
  await newInterview.getByRole('button', { name: ui.createInterview }).click()
  await expectToast(page, ui.interviewCreated)
  await expect(page.getByRole('heading', { level: 1, name: interviewee })).toBeVisible()
  const interviewPath = new URL(page.url()).pathname
  expect(interviewPath).toMatch(new RegExp(`^${escapeRegExp(base)}/interviews/[^/]+$`))
  await expect(page.getByRole('link', { name: guideTitle })).toBeVisible()

  // The first question of the guide, answered in its rich-text editor.
  const answer = page.getByRole('textbox', {
    name: new RegExp(`^1\\.\\s*${escapeRegExp(lang.guide.firstQuestion)}`),
  })
  await answer.click()
  await page.keyboard.type(`${text.answerLead} ${text.quote}`)
  await expect(answer).toHaveText(`${text.answerLead} ${text.quote}`)
  await page.getByLabel(ui.status, { exact: true }).selectOption({ label: ui.done })
  await page.getByRole('button', { name: ui.saveInterview }).click()
  await expectToast(page, ui.interviewSaved)
  // Re-loaded from what was stored.
  await expect(answer).toHaveText(`${text.answerLead} ${text.quote}`)
  await expect(page.getByLabel(ui.status, { exact: true })).toHaveValue('done')

  // Select the second sentence with the keyboard, as a user would, and quote it.
  const fromSelection = page.getByRole('button', { name: ui.fromSelection })
  await expect(fromSelection).toBeDisabled()
  await answer.click()
  await page.keyboard.press('ControlOrMeta+End')
  for (let i = 0; i < text.quote.length; i++) await page.keyboard.press('Shift+ArrowLeft')
  await expect(page.getByText(ui.selected(text.quote), { exact: true })).toBeVisible()
  await expect(fromSelection).toBeEnabled()
  await snapshot(page, `21-${lang.code}-selection`)
  await fromSelection.click()

  await expectToast(page, ui.quoteSaved)
  await expect(page.getByRole('heading', { level: 1, name: ui.newRequirement })).toBeVisible()
  const highlightId = new URL(page.url()).searchParams.get('highlight')
  expect(highlightId).toBeTruthy()
  expect(new URL(page.url()).pathname).toBe(`${base}/requirements/new`)
  const fromQuote = panel(page, ui.fromQuote(interviewee))
  await expect(fromQuote.locator('blockquote')).toHaveText(`«${text.quote}»`)
  await expect(page.getByRole('textbox', { name: ui.statement })).toHaveText(text.quote)

  await page.getByLabel(ui.title, { exact: true }).fill(requirementTitle)
  await page.getByLabel(ui.acceptanceCriterion).fill(text.acceptance)
  await page.getByLabel(ui.rationale).fill(text.rationale)
  await page.getByLabel(ui.priority).selectOption({ label: ui.must })
  await page.getByLabel(ui.department).selectOption({ label: lang.project.department })
  await page.getByRole('button', { name: ui.createRequirement }).click()
  await expect(page).toHaveURL(new RegExp(`^[^?#]*${escapeRegExp(base)}/requirements/[A-Z]+-\\d{3,}$`))
  const requirementPath = new URL(page.url()).pathname
  const code = requirementPath.split('/').pop()!
  await expectToast(page, ui.requirementCreated(code))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${code}${requirementTitle}`)
  const details = panel(page, ui.details)
  await expect(details).toContainText(text.quote)
  await expect(details).toContainText(text.acceptance)
  await expect(details).toContainText(text.rationale)
  await snapshot(page, `22-${lang.code}-requirement`)

  // 3. The head of the requirement's department rates it, in a browser of their own.
  const headContext = await newContext()
  const head = await headContext.newPage()
  await logInIn(head, lang, lang.head.email)
  await head.goto(requirementPath)
  await expect(head.getByRole('heading', { level: 1 })).toHaveText(`${code}${requirementTitle}`)
  // A head rates but does not decide.
  await expect(head.getByRole('button', { name: ui.approve, exact: true })).toHaveCount(0)
  await head.getByLabel(ui.importance).selectOption({ label: ui.important })
  await head.getByLabel(ui.ratingComment).fill(text.ratingComment)
  await head.getByRole('button', { name: ui.saveRating }).click()
  await expectToast(head, ui.ratingSaved)
  const headRow = head.locator('#ratings').getByRole('row').filter({ hasText: lang.head.name })
  await expect(headRow).toContainText(text.ratingComment)
  await expect(headRow).toContainText(lang.project.department)
  await expect(headRow.getByRole('cell').last()).toHaveText('4')
  await expect(head.getByLabel(ui.importance)).toHaveValue('4')

  // 4. The lead sees the rating and approves the requirement.
  await page.reload()
  const ratings = page.locator('#ratings')
  await expect(ratings.getByText(ui.ratingSummary)).toBeVisible()
  await expect(ratings.getByRole('row').filter({ hasText: lang.head.name })).toContainText(text.ratingComment)
  await page.getByRole('button', { name: ui.approve, exact: true }).click()
  await expectToast(page, ui.statusApproved)
  await expect(page.getByRole('button', { name: ui.approve, exact: true })).toHaveCount(0)

  await goToStage(page, lang, ui.requirements)
  await page.getByRole('searchbox', { name: ui.search }).fill(requirementTitle)
  await page.getByRole('button', { name: ui.apply, exact: true }).click()
  await expect(page).toHaveURL(/[?&]q=/)
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: code, exact: true }) })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(requirementTitle)
  await expect(row).toContainText(ui.approved)
  await expect(row).toContainText(lang.project.department)
  await expect(row).toContainText('4.0 ± 0 (1)')
  await snapshot(page, `23-${lang.code}-list`)

  // 5. The evidence leads back to the quote in the interview.
  await row.getByRole('link', { name: code, exact: true }).click()
  await expect(page).toHaveURL(requirementPath)
  const evidence = page.locator('#evidence')
  await expect(evidence.getByRole('heading', { name: ui.evidence })).toBeVisible()
  await evidence.getByRole('link', { name: `«${text.quote}»` }).click()
  await expect(page).toHaveURL(`${interviewPath}#highlight-${highlightId}`)
  await expect(page.getByRole('heading', { level: 1, name: interviewee })).toBeVisible()
  const card = page.locator(`#highlight-${highlightId}`)
  await expect(card).toBeVisible()
  await expect(card).toBeInViewport()
  await expect(card.locator('blockquote')).toContainText(text.quote)
  await expect(card.getByRole('link', { name: new RegExp(`^${escapeRegExp(code)}\\s`) })).toBeVisible()
  await expect(page.getByRole('list', { name: ui.quotes })).toContainText(text.quote)
  // …and the passage is marked in the answer itself.
  await expect(answer.locator(`[data-highlight="${highlightId}"]`)).toHaveText(text.quote)
  await snapshot(page, `24-${lang.code}-quote`)
}

for (const lang of [EN, RU]) {
  test(`discovery (${lang.code}): process to-be, interview quote → requirement, head rates, lead approves, evidence leads back`, async ({
    page,
    newContext,
    consoleGuard,
  }) => {
    test.setTimeout(120_000)
    await discoveryJourney(page, newContext, (status, path) => consoleGuard.allowStatus(status, path), lang)
  })

  test(`discovery (${lang.code}): the vendor gets 403 on processes and interviews but reads the requirements`, async ({ newRequest }) => {
    const vendor = await newRequest()
    await apiLogIn(vendor, lang.vendor, DEMO_PASSWORD)
    const base = `/p/${lang.project.slug}`
    for (const path of [`${base}/processes`, `${base}/interviews`, `${base}/interviews/guides`]) {
      const response = await vendor.get(path)
      expect(response.status(), path).toBe(403)
      const body = await response.text()
      expect(body, path).not.toContain(lang.demoProcess)
      expect(body, path).not.toContain(lang.demoInterviewee)
    }
    const data = await vendor.get(`${base}/processes.data`)
    expect(data.status()).toBe(403)
    expect(await data.text()).not.toContain(lang.demoProcess)

    const list = await vendor.get(`${base}/requirements`)
    expect(list.status()).toBe(200)
    expect(await list.text()).toMatch(new RegExp(`href="${escapeRegExp(base)}/requirements/[A-Z]+-\\d{3,}"`))
  })
}
