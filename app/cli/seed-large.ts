import { getSpecTemplate } from '~/document/templates.server'
import { recordAudit } from '~/models/audit.server'
import { createProject } from '~/models/project.server'
import { searchKey } from '~/models/requirement.server'
import { defaultTemplateId, getDraft, saveDraft, titleFieldKeys } from '~/models/spec-draft.server'
import { issueVersion } from '~/models/spec-version.server'
import { hashPassword } from '~/models/user.server'
import { blockingItems } from '~/document/completeness.server'
import type { Db } from '~/utils/db.server'
import { changeAcceptanceCriterion } from './seed-demo-spec'

/**
 * `specwright seed --large`: a deterministic project big enough to measure the discovery
 * screens against (2,000 requirements, 40 interviews, 30 processes × 12 steps by default),
 * with text in the project's language. Bulk rows are written with createMany in one
 * transaction and summarised by a single audit event; the same `--seed` gives the same data.
 * With evaluation data, the generator also fills in the specification draft and issues its
 * versions through the specification models (so the diff and export have big documents).
 */
export type LargeOptions = {
  requirements: number
  interviews: number
  processes: number
  steps: number
  seed: number
  language: 'ru' | 'en'
  /** Evaluation data (issue 4): candidates with a closed scoring round and improvement items; 0 = none. */
  candidates: number
  evaluators: number
  /** Specification versions issued after the evaluation data (issue 5); each after the first changes a few requirements. */
  versions: number
}

export const LARGE_DEFAULTS: LargeOptions = {
  requirements: 2000,
  interviews: 40,
  processes: 30,
  steps: 12,
  seed: 1,
  language: 'ru',
  candidates: 0,
  evaluators: 4,
  versions: 1,
}

const VENDORS = [
  ['Альфа Софт', 'АльфаCRM'],
  ['Бета Системс', 'BetaDesk'],
  ['Гамма Интеграция', 'Гамма:Продажи'],
  ['Delta Labs', 'DeltaCRM'],
  ['Epsilon Group', 'EpsiOne'],
  ['Зета Плюс', 'Зета CRM'],
  ['Eta Software', 'EtaSuite'],
  ['Тета Консалтинг', 'Тета.Бизнес'],
  ['Iota Cloud', 'IotaCRM'],
  ['Каппа ИТ', 'КаппаПро'],
] as const

/** mulberry32: a tiny deterministic PRNG, so a seed always yields the same project. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return { next, pick, int }
}

const TEXT = {
  ru: {
    project: (n: number) => `Нагрузочный проект: ${n} требований`,
    client: 'ООО «Нагрузка и Ко»',
    departments: ['Отдел продаж', 'Склад и логистика', 'Бухгалтерия', 'Сервисная служба', 'Закупки'],
    processes: ['Приём заказа', 'Отгрузка', 'Возврат товара', 'Выставление счёта', 'Обработка звонка', 'Закупка у поставщика'],
    actors: ['менеджер по продажам', 'кладовщик', 'бухгалтер', 'логист', 'руководитель отдела', 'оператор'],
    tools: ['Excel', '1С:Бухгалтерия 8.3', 'бумага', 'эл. почта', 'WhatsApp', 'телефон'],
    actions: ['проверяет остатки', 'вносит заказ', 'согласует скидку', 'печатает счёт', 'звонит клиенту', 'сверяет оплату'],
    verbs: ['формировать', 'отображать', 'сохранять', 'отправлять', 'проверять', 'блокировать', 'рассчитывать', 'выгружать'],
    objects: ['карточку клиента', 'счёт на оплату', 'заявку на отгрузку', 'историю звонков', 'остатки товара', 'акт сверки', 'коммерческое предложение', 'задачу менеджеру'],
    conditions: [
      'не позднее чем через 5 минут после изменения статуса сделки',
      'для пользователей с ролью «Менеджер»',
      'при поступлении оплаты из 1С',
      'по расписанию каждый рабочий день в 09:00',
      'при пропущенном входящем звонке',
      'с точностью до копейки',
    ],
    vague: ['быстро', 'удобно', 'при необходимости'],
    statement: (v: string, o: string, c: string) => `Система должна ${v} ${o} ${c}.`,
    title: (v: string, o: string) => `${v[0]!.toUpperCase()}${v.slice(1)} ${o}`,
    criterion: (o: string) => `Тестировщик создаёт тестовые данные и проверяет, что ${o} появляется в системе в течение 5 минут.`,
    rationale: 'Сейчас это делается вручную и занимает до часа в день.',
    interviewee: ['Анна', 'Борис', 'Виктор', 'Галина', 'Дарья', 'Егор', 'Жанна', 'Зоя'],
    surnames: ['Кузнецова', 'Павлов', 'Морозов', 'Лебедева', 'Ковалёва', 'Новиков', 'Соловьёва', 'Зайцева'],
    question: (i: number) => `Вопрос ${i}: как это устроено сейчас и что мешает?`,
    answer: 'Сейчас мы ведём всё в Excel и пересылаем по почте. Каждый день теряем около часа на сверку. Нужно, чтобы система сама напоминала о неоплаченных счетах.',
    quote: 'Нужно, чтобы система сама напоминала о неоплаченных счетах.',
  },
  en: {
    project: (n: number) => `Load test project: ${n} requirements`,
    client: 'Load & Co Ltd',
    departments: ['Sales', 'Warehouse', 'Accounting', 'Customer service', 'Purchasing'],
    processes: ['Order intake', 'Shipping', 'Returns', 'Invoicing', 'Call handling', 'Purchasing'],
    actors: ['sales manager', 'warehouse clerk', 'accountant', 'logistics planner', 'team lead', 'agent'],
    tools: ['Excel', 'ERP', 'paper', 'e-mail', 'WhatsApp', 'phone'],
    actions: ['checks stock', 'enters the order', 'approves the discount', 'prints the invoice', 'calls the customer', 'matches the payment'],
    verbs: ['create', 'display', 'store', 'send', 'validate', 'lock', 'calculate', 'export'],
    objects: ['the customer record', 'the invoice', 'the shipping request', 'the call history', 'the stock level', 'the statement', 'the quote', 'a follow-up task'],
    conditions: [
      'within 5 minutes of a deal status change',
      'for users with the Manager role',
      'when a payment arrives from the ERP',
      'every working day at 09:00',
      'when an inbound call is missed',
      'to the cent',
    ],
    vague: ['fast', 'user-friendly', 'if necessary'],
    statement: (v: string, o: string, c: string) => `The system shall ${v} ${o} ${c}.`,
    title: (v: string, o: string) => `${v[0]!.toUpperCase()}${v.slice(1)} ${o}`,
    criterion: (o: string) => `A tester creates test data and checks that ${o} appears in the system within 5 minutes.`,
    rationale: 'Today this is done by hand and takes up to an hour a day.',
    interviewee: ['Anna', 'Bob', 'Victor', 'Grace', 'Diana', 'Ed', 'Jane', 'Zoe'],
    surnames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Thomas', 'Roberts'],
    question: (i: number) => `Question ${i}: how does it work today and what gets in the way?`,
    answer: 'Today we keep everything in Excel and forward it by e-mail. We lose about an hour a day reconciling. The system should remind us of unpaid invoices by itself.',
    quote: 'The system should remind us of unpaid invoices by itself.',
  },
} as const

const TYPES = [
  ['functional', 'FR', 55],
  ['integration', 'INT', 12],
  ['reporting', 'REP', 12],
  ['data_migration', 'MIG', 5],
  ['security', 'SEC', 8],
  ['non_functional', 'NFR', 8],
] as const

const doc = (paragraphs: string[]) =>
  JSON.stringify({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) })

export async function seedLarge(db: Db, options: LargeOptions, out: (line: string) => void) {
  const started = performance.now()
  const r = prng(options.seed)
  const T = TEXT[options.language]
  const { lintRequirement } = await import('~/models/requirement-lint')

  // People: a lead, one head per department, and members. One shared hash: they are benchmark accounts.
  const passwordHash = await hashPassword('specwright-large')
  const tag = `s${options.seed}-${options.requirements}`
  const leadEmail = `lead.${tag}@large.example`
  const lead = await db.user.upsert({
    where: { email: leadEmail },
    create: { email: leadEmail, name: `Lead ${tag}`, passwordHash, locale: options.language },
    update: {},
  })
  const project = await createProject(db, lead.id, {
    name: T.project(options.requirements),
    clientOrganisation: T.client,
    description: `seed=${options.seed}`,
    documentLanguage: options.language,
    currency: options.language === 'ru' ? 'RUB' : 'EUR',
  })

  await db.$transaction(
    async (tx) => {
      const departments = []
      for (const name of T.departments) departments.push(await tx.department.create({ data: { projectId: project.id, name } }))
      const heads = []
      for (const [i, dept] of departments.entries()) {
        const email = `head${i + 1}.${tag}@large.example`
        const user = await tx.user.upsert({
          where: { email },
          create: { email, name: `${r.pick(T.interviewee)} ${r.pick(T.surnames)}`, passwordHash, locale: options.language },
          update: {},
        })
        const m = await tx.membership.create({ data: { projectId: project.id, userId: user.id, role: 'department_head', departmentId: dept.id } })
        await tx.department.update({ where: { id: dept.id }, data: { headMemberId: m.id } })
        heads.push({ userId: user.id, departmentId: dept.id })
      }

      // Processes and steps.
      const stepIds: string[] = []
      for (let p = 0; p < options.processes; p++) {
        const process = await tx.process.create({
          data: {
            projectId: project.id,
            departmentId: r.pick(departments).id,
            name: `${r.pick(T.processes)} ${p + 1}`,
            position: p + 1,
          },
        })
        const steps = Array.from({ length: options.steps }, (_, s) => ({
          id: crypto.randomUUID(),
          processId: process.id,
          position: s + 1,
          title: `${r.pick(T.actions)} (${s + 1})`,
          actor: r.pick(T.actors),
          action: r.pick(T.actions),
          tool: r.pick(T.tools),
          duration: `${r.int(2, 60)} min`,
          verdict: r.pick(['keep', 'keep', 'simplify', 'automate', 'remove'] as const),
        }))
        await tx.processStep.createMany({ data: steps })
        stepIds.push(...steps.map((s) => s.id))
      }

      // Interviews with answers and one highlight each.
      const highlightIds: string[] = []
      for (let i = 0; i < options.interviews; i++) {
        const dept = r.pick(departments)
        const interview = await tx.interview.create({
          data: {
            projectId: project.id,
            intervieweeName: `${r.pick(T.interviewee)} ${r.pick(T.surnames)}`,
            intervieweePosition: r.pick(T.actors),
            departmentId: dept.id,
            interviewerId: lead.id,
            date: new Date(Date.UTC(2026, 9, 1 + (i % 28))),
            status: i % 10 === 9 ? 'planned' : 'done',
          },
        })
        const answers = Array.from({ length: 6 }, (_, a) => ({
          id: crypto.randomUUID(),
          interviewId: interview.id,
          position: a + 1,
          question: T.question(a + 1),
          content: doc([T.answer]),
          contentText: T.answer,
        }))
        await tx.interviewAnswer.createMany({ data: answers })
        const start = T.answer.indexOf(T.quote)
        const highlight = await tx.highlight.create({
          data: {
            projectId: project.id,
            interviewId: interview.id,
            answerId: answers[0]!.id,
            quote: T.quote,
            startOffset: start,
            endOffset: start + T.quote.length,
            createdById: lead.id,
          },
        })
        highlightIds.push(highlight.id)
      }

      // Requirements: types by weight, codes per prefix, statements in the project language.
      // Continue after codes the project already has (e.g. the seeded security checklist).
      const existing = await tx.requirementCodeCounter.findMany({ where: { projectId: project.id } })
      const counters = new Map<string, number>(existing.map((c) => [c.prefix, c.next - 1]))
      const weighted = TYPES.flatMap(([type, prefix, weight]) => Array.from({ length: weight }, () => [type, prefix] as const))
      const rows = []
      const sources = []
      const ratings = []
      for (let n = 0; n < options.requirements; n++) {
        const [type, prefix] = r.pick(weighted)
        const number = (counters.get(prefix) ?? 0) + 1
        counters.set(prefix, number)
        const code = `${prefix}-${String(number).padStart(3, '0')}`
        const verb = r.pick(T.verbs)
        const object = r.pick(T.objects)
        const vague = r.next() < 0.08 ? ` ${r.pick(T.vague)}` : ''
        const statementText = T.statement(verb, object, r.pick(T.conditions) + vague)
        const title = T.title(verb, object)
        const withoutCriterion = r.next() < 0.05
        const tags = [r.pick(['crm', '1c', 'sales', 'stock', 'calls', 'reports'])]
        const id = crypto.randomUUID()
        const dept = r.pick(departments)
        const priority = r.pick(['must', 'must', 'should', 'could'] as const)
        const status = r.pick(['draft', 'proposed', 'proposed', 'approved', 'approved', 'rejected', 'deferred'] as const)
        const stage = r.pick(['1', '1', '2', '3', 'later'] as const)
        // An approved main task always has its criterion: the specification cannot be issued without one.
        const acceptanceCriterion = withoutCriterion && !(priority === 'must' && status === 'approved') ? '' : T.criterion(object)
        const lint = lintRequirement({ statement: statementText, acceptanceCriterion, documentLanguage: options.language }, options.language)
        rows.push({
          id,
          projectId: project.id,
          code,
          type,
          title,
          statement: doc([statementText]),
          statementText,
          rationale: T.rationale,
          acceptanceCriterion,
          priority,
          departmentId: dept.id,
          status,
          stage,
          tags: JSON.stringify(tags),
          ...(type === 'integration'
            ? {
                integrationSystem: 'accounting',
                integrationSystemName: '1C',
                integrationDirection: 'in',
                integrationDataIn: JSON.stringify(['invoices', 'payments']),
                integrationTrigger: '15 min',
                integrationVolume: '300/day',
              }
            : {}),
          searchText: searchKey([code, title, statementText, T.rationale, acceptanceCriterion, ...tags].join(' ')),
          lintRules: JSON.stringify(lint.map((f) => f.ruleId)),
          lintCount: lint.length,
          createdById: lead.id,
          updatedById: lead.id,
        })
        if (n % 10 === 0) sources.push({ requirementId: id, highlightId: r.pick(highlightIds) })
        else if (n % 10 === 1) sources.push({ requirementId: id, processStepId: r.pick(stepIds) })
        for (const head of heads) {
          if (head.departmentId === dept.id || r.next() < 0.15) {
            ratings.push({ requirementId: id, userId: head.userId, departmentId: head.departmentId, importance: r.int(1, 5) })
          }
        }
      }
      for (let i = 0; i < rows.length; i += 500) await tx.requirement.createMany({ data: rows.slice(i, i + 500) })
      await tx.requirementSource.createMany({ data: sources })
      for (let i = 0; i < ratings.length; i += 1000) await tx.rating.createMany({ data: ratings.slice(i, i + 1000) })
      for (const [prefix, last] of counters) {
        await tx.requirementCodeCounter.upsert({
          where: { projectId_prefix: { projectId: project.id, prefix } },
          create: { projectId: project.id, prefix, next: last + 1 },
          update: { next: last + 1 },
        })
      }
      const evaluation =
        options.candidates > 0
          ? await generateEvaluation(tx, r, {
              projectId: project.id,
              leadId: lead.id,
              heads,
              requirements: rows.map((row) => ({ id: row.id, priority: row.priority, status: row.status })),
              candidates: options.candidates,
              evaluators: options.evaluators,
              passwordHash,
              tag,
              language: options.language,
            })
          : null
      await recordAudit(tx, {
        actorId: lead.id,
        projectId: project.id,
        action: 'project.generate',
        entityType: 'project',
        entityId: project.id,
        after: { ...options, ratings: ratings.length, sources: sources.length, ...evaluation },
      })
    },
    { timeout: 120_000 },
  )
  // The specification's versions need the evaluation data: a chosen system and a vendor to sign.
  const versions = []
  for (let n = 1; options.candidates > 0 && n <= options.versions; n++) {
    versions.push(await issueLargeVersion(db, { projectId: project.id, leadId: lead.id, language: options.language, seed: options.seed, first: n === 1 }))
  }
  out(`Large project created: ${project.slug} (${project.id}) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  out(`  ${options.requirements} requirements, ${options.interviews} interviews, ${options.processes} processes × ${options.steps} steps`)
  if (options.candidates > 0) out(`  ${options.candidates} candidates, ${options.evaluators} evaluators, a closed scoring round and improvement items`)
  for (const v of versions) out(`  specification version ${v.number} issued: ${v.contentHash}`)
  out(`  lead login: ${leadEmail} / specwright-large`)
  return project
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * Candidates, evaluators, one closed scoring round (every requirement × candidate × evaluator,
 * each candidate with its own strength so rankings differ), consensus rows with a few
 * commented overrides, and improvement items with estimates for weak must cells.
 */
async function generateEvaluation(
  tx: Tx,
  r: ReturnType<typeof prng>,
  o: {
    projectId: string
    leadId: string
    heads: { userId: string; departmentId: string }[]
    requirements: { id: string; priority: string; status: string }[]
    candidates: number
    evaluators: number
    passwordHash: string
    tag: string
    language: 'ru' | 'en'
  },
) {
  await tx.evaluationSettings.create({ data: { projectId: o.projectId } })
  const candidates: { id: string }[] = []
  for (let c = 0; c < Math.min(o.candidates, VENDORS.length); c++) {
    const [vendor, product] = VENDORS[c]!
    const subscription = c % 2 === 0
    candidates.push(
      await tx.candidate.create({
        data: {
          projectId: o.projectId,
          vendor,
          product,
          edition: 'Business',
          hosting: r.pick(['cloud', 'on_premise', 'both'] as const),
          licenceModel: subscription ? 'subscription' : 'perpetual',
          pricePerUserMonthMinor: subscription ? r.int(8, 30) * 10_000 : 0,
          perpetualPerUserMinor: subscription ? 0 : r.int(15, 60) * 100_000,
          users: 40,
          implementationCostMinor: r.int(20, 120) * 1_000_000,
          annualSupportCostMinor: r.int(5, 40) * 1_000_000,
          position: c + 1,
        },
      }),
    )
  }
  // A vendor representative bound to the first candidate, for isolation checks.
  const vendorEmail = `vendor.${o.tag}@large.example`
  const vendorUser = await tx.user.upsert({
    where: { email: vendorEmail },
    create: { email: vendorEmail, name: `Vendor ${o.tag}`, passwordHash: o.passwordHash, locale: o.language },
    update: {},
  })
  await tx.membership.create({ data: { projectId: o.projectId, userId: vendorUser.id, role: 'vendor', candidateId: candidates[0]!.id } })

  // Evaluators: the lead, then department heads, then members made evaluators.
  const evaluatorIds = [o.leadId, ...o.heads.map((h) => h.userId)].slice(0, o.evaluators)
  for (let e = evaluatorIds.length; e < o.evaluators; e++) {
    const email = `evaluator${e + 1}.${o.tag}@large.example`
    const user = await tx.user.upsert({
      where: { email },
      create: { email, name: `Evaluator ${e + 1}`, passwordHash: o.passwordHash, locale: o.language },
      update: {},
    })
    await tx.membership.create({ data: { projectId: o.projectId, userId: user.id, role: 'member', evaluator: true } })
    evaluatorIds.push(user.id)
  }

  const round = await tx.scoringRound.create({ data: { projectId: o.projectId, number: 1, status: 'closed', closedAt: new Date() } })
  // Every requirement is scored (600 × 5 × 4 = 12,000 scores), as the benchmark asks.
  const evaluated = o.requirements
  const strength = candidates.map(() => 0.9 + r.next() * 1.6)
  const scores = []
  const consensus = []
  const weak: { requirementId: string; candidateIndex: number }[] = []
  for (const q of evaluated) {
    for (const [c, candidate] of candidates.entries()) {
      const values = evaluatorIds.map(() => Math.max(0, Math.min(3, Math.round(strength[c]! + (r.next() - 0.5) * 2))))
      for (const [e, evaluatorId] of evaluatorIds.entries()) {
        scores.push({ roundId: round.id, requirementId: q.id, candidateId: candidate.id, evaluatorId, value: values[e]!, basis: 'demo' })
      }
      const mean = values.reduce((a, b) => a + b, 0) / values.length
      const spread = Math.max(...values) - Math.min(...values)
      const override = spread >= 2 && r.next() < 0.1
      consensus.push({
        roundId: round.id,
        requirementId: q.id,
        candidateId: candidate.id,
        mean,
        spread,
        evaluators: values.length,
        value: override ? Math.round(mean) : null,
        comment: override ? 'Agreed at the consensus meeting after the second demo.' : '',
        changedById: override ? o.leadId : null,
        changedAt: override ? new Date() : null,
      })
      if (q.priority === 'must' && mean < 1.5) weak.push({ requirementId: q.id, candidateIndex: c })
    }
  }
  for (let i = 0; i < scores.length; i += 2000) await tx.score.createMany({ data: scores.slice(i, i + 2000) })
  for (let i = 0; i < consensus.length; i += 2000) await tx.consensusScore.createMany({ data: consensus.slice(i, i + 2000) })

  // About 150 improvement items for weak must cells, with estimates.
  const picked = weak.slice(0, 150)
  const improvements = picked.map((w, i) => {
    const hourly = r.next() < 0.7
    return {
      id: crypto.randomUUID(),
      projectId: o.projectId,
      candidateId: candidates[w.candidateIndex]!.id,
      code: `IMP-${String(i + 1).padStart(3, '0')}`,
      title: o.language === 'ru' ? `Доработка ${i + 1}` : `Improvement ${i + 1}`,
      feasibility: r.pick(['feasible', 'feasible', 'feasible', 'risky', 'architecture'] as const),
      hoursCenti: hourly ? r.int(4, 200) * 100 : null,
      hourlyRateMinor: hourly ? r.int(15, 40) * 10_000 : null,
      fixedPriceMinor: hourly ? null : r.int(50, 900) * 10_000,
      durationDays: r.int(1, 30),
      stage: r.pick(['1', '1', '2', '3', 'later'] as const),
      mustBeforeGoLive: r.next() < 0.6,
      sequential: r.next() < 0.2,
      status: r.pick(['proposed', 'sent', 'estimated', 'estimated', 'agreed', 'agreed', 'rejected'] as const) as string,
      origin: 'generated',
    }
  })
  // The first candidate is the chosen one: its items in stages 1–3 carry the vendor's estimate
  // (the specification cannot be issued while one awaits it); its later items may still wait.
  for (const item of improvements) {
    if (item.candidateId === candidates[0]!.id && item.stage !== 'later' && (item.status === 'proposed' || item.status === 'sent')) item.status = 'estimated'
  }
  await tx.improvement.createMany({ data: improvements })
  await tx.improvementRequirement.createMany({
    data: improvements.map((item, i) => ({ improvementId: item.id, requirementId: picked[i]!.requirementId })),
  })
  if (improvements.length > 0) {
    await tx.requirementCodeCounter.create({ data: { projectId: o.projectId, prefix: 'IMP', next: improvements.length + 1 } })
  }
  // The working group's decision for the first candidate, signed off by the lead.
  const rationaleText = o.language === 'ru' ? 'Лучшая взвешенная оценка при приемлемой стоимости владения.' : 'The best weighted score at an acceptable cost of ownership.'
  await tx.decision.create({
    data: {
      projectId: o.projectId,
      chosenCandidateId: candidates[0]!.id,
      rationale: doc([rationaleText]),
      rationaleText,
      signedOffById: o.leadId,
      signedOffAt: new Date(),
    },
  })
  return { candidates: candidates.length, scores: scores.length, consensus: consensus.length, improvements: improvements.length }
}

const SPEC_TITLE = {
  ru: {
    systemName: 'Система управления продажами ООО «Нагрузка и Ко»',
    systemCode: 'АС «Нагрузка»',
    contractBasis: 'Договор № НГ-2027/1 на внедрение системы управления продажами',
    contractNumber: 'НГ-2027/1',
    financing: 'Собственные средства Заказчика, оплата поэтапно по договору.',
    'approverClient.position': 'Генеральный директор',
    'approverClient.name': 'И. И. Иванов',
    'approverVendor.position': 'Генеральный директор',
    'approverVendor.name': 'П. П. Петров',
    city: 'Москва',
    signerRole: 'Руководитель проекта',
    revised: 'Проверка повторяется на трёх наборах тестовых данных.',
  },
  en: {
    systemName: 'Sales management system of Load & Co Ltd',
    systemCode: 'LOAD-CRM',
    contractBasis: 'Implementation contract No. LC-2027/1',
    contractNumber: 'LC-2027/1',
    financing: "The customer's own funds, paid by stages under the contract.",
    'approverClient.position': 'Managing Director',
    'approverClient.name': 'Jane Smith',
    'approverVendor.position': 'Delivery Director',
    'approverVendor.name': 'John Brown',
    city: 'London',
    signerRole: 'Project lead',
    revised: 'The check is repeated on three sets of test data.',
  },
} as const

/**
 * Issues the next specification version through the models. The first fills in the draft (the
 * template's title fields, the lead signing for the client and the vendor representative for
 * the vendor); each later one first sharpens the acceptance criteria of a few approved
 * requirements, so consecutive versions differ.
 */
async function issueLargeVersion(db: Db, o: { projectId: string; leadId: string; language: 'ru' | 'en'; seed: number; first: boolean }) {
  const words = SPEC_TITLE[o.language]
  if (o.first) {
    const templateId = defaultTemplateId(o.language)
    const keys = new Set(titleFieldKeys(getSpecTemplate(templateId)!))
    const fields: Record<string, string> = { ...words, contractDate: '2027-01-15', startDate: '2027-01-18', endDate: '2027-12-30', year: '2027' }
    const vendor = await db.membership.findFirstOrThrow({ where: { projectId: o.projectId, role: 'vendor' }, select: { userId: true } })
    const draft = await getDraft(db, o.projectId)
    const saved = await saveDraft(db, o.leadId, o.projectId, draft.revision, {
      templateId,
      titleFields: Object.fromEntries(Object.entries(fields).filter(([key]) => keys.has(key))),
      signers: [
        { userId: o.leadId, party: 'client', meaning: 'approved', role: words.signerRole },
        { userId: vendor.userId, party: 'vendor', meaning: 'agreed', role: words.signerRole },
      ],
      signingOrder: 'sequential',
    })
    if (!saved.ok) throw new Error(`the generated specification draft was refused: ${JSON.stringify(saved)}`)
  } else {
    // Every 50th approved requirement (at least 3), starting at a point that depends on the seed.
    const approved = await db.requirement.findMany({ where: { projectId: o.projectId, status: 'approved', deletedAt: null }, orderBy: { code: 'asc' }, select: { code: true } })
    const step = Math.max(1, Math.min(50, Math.floor(approved.length / 3)))
    for (let i = o.seed % step; i < approved.length; i += step) {
      await changeAcceptanceCriterion(db, o.leadId, o.projectId, approved[i]!.code, (current) => `${current} ${words.revised}`.trim())
    }
  }
  const issued = await issueVersion(db, { projectId: o.projectId, actorId: o.leadId })
  if (!issued.ok) {
    const detail = issued.error === 'incomplete' ? { ...issued, items: blockingItems(issued.items) } : issued
    throw new Error(`the generated specification could not be issued: ${JSON.stringify(detail)}`)
  }
  return issued
}
