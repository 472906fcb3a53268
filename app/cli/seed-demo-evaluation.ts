import { createCandidate } from '~/models/candidate.server'
import { saveDecision, signOffDecision } from '~/models/decision.server'
import {
  createImprovement,
  sendImprovements,
  submitEstimate,
  suggestImprovements,
  transitionImprovement,
  updateImprovement,
} from '~/models/improvement.server'
import { updateMember } from '~/models/member.server'
import { candidateResults, closeRound, openRound, setConsensus, submitScore } from '~/models/scoring.server'
import { CandidateFieldsSchema } from '~/schemas/candidate'
import type { Db } from '~/utils/db.server'
import { plainTextToDoc, richTextToPlainText } from '~/utils/rich-text'

/**
 * The demo projects' evaluation, written through the app's model functions: candidates with
 * plausible fictional prices, a vendor representative bound to one of them, a closed scoring
 * round by three evaluators with one disagreement resolved by a commented consensus, the
 * improvement list (suggested from weak main tasks, some estimated, some agreed, one awaiting
 * the bound vendor's estimate, one that would change the architecture), and a signed-off decision.
 */
type DemoCandidate = {
  vendor: string
  product: string
  edition: string
  hosting: 'cloud' | 'on_premise' | 'both'
  licenceModel: 'subscription' | 'perpetual'
  price: string
  users: number
  implementation: string
  support: string
  demoAccess: string
  contacts: string
  /** How well it does things: its typical score, and what it is weak at. */
  strength: number
  weakTags: string[]
}

type DemoEvaluation = {
  candidates: DemoCandidate[]
  /** Evaluators besides the lead: department heads or members made evaluators. */
  evaluatorEmails: string[]
  vendorEmail: string
  disagreementComment: string
  architectureItem: { title: string; description: string }
  rationale: string
  alternativeReasons: string[]
  vendorComment: string
}

const DEMO_EVALUATION: Record<'volga-crm' | 'northwind-helpdesk', DemoEvaluation> = {
  'volga-crm': {
    candidates: [
      {
        vendor: 'ООО «Альфа Софт»',
        product: 'ПроКлиент CRM',
        edition: 'Бизнес',
        hosting: 'cloud',
        licenceModel: 'subscription',
        price: '1 500',
        users: 25,
        implementation: '450 000',
        support: '120 000',
        demoAccess: 'Демостенд до 15 декабря, логин выдан Ирине Соколовой.',
        contacts: 'Максим Орлов, +7 846 200-10-10, orlov@vendor-demo.ru',
        strength: 2.4,
        weakTags: ['1с', '1c', 'склад'],
      },
      {
        vendor: 'ООО «Бета Системс»',
        product: 'Сделка.Онлайн',
        edition: 'Стандарт',
        hosting: 'cloud',
        licenceModel: 'subscription',
        price: '990',
        users: 25,
        implementation: '250 000',
        support: '60 000',
        demoAccess: 'Пробный период 30 дней.',
        contacts: 'Анна Киселёва, sales@beta-demo.ru',
        strength: 1.7,
        weakTags: ['телефония', 'отчёты'],
      },
      {
        vendor: 'ООО «Гамма Интеграция»',
        product: 'Клиентика Корпоративная',
        edition: 'Корпоративная',
        hosting: 'on_premise',
        licenceModel: 'perpetual',
        price: '18 000',
        users: 25,
        implementation: '900 000',
        support: '180 000',
        demoAccess: 'Демонстрация на нашем сервере 10 ноября.',
        contacts: 'Игорь Лапин, +7 846 300-20-20',
        strength: 2.1,
        weakTags: ['мобильный', 'сайт'],
      },
      {
        vendor: 'ООО «Терра Софт»',
        product: 'ТерраCRM',
        edition: 'Профессиональная',
        hosting: 'both',
        licenceModel: 'subscription',
        price: '2 200',
        users: 25,
        implementation: '700 000',
        support: '150 000',
        demoAccess: 'Облачный демостенд, доступ по запросу.',
        contacts: 'Павел Громов, terra@terra-demo.ru',
        strength: 2.6,
        weakTags: ['склад'],
      },
    ],
    evaluatorEmails: ['volkov@volga-demo.ru', 'petrova@volga-demo.ru'],
    vendorEmail: 'orlov@vendor-demo.ru',
    disagreementComment: 'На второй демонстрации поставщик показал эту функцию на наших данных — принимаем «отлично».',
    architectureItem: {
      title: 'Складской учёт по партиям внутри CRM',
      description: 'Вести партии и сроки годности в CRM, а не в 1С: меняет модель данных системы.',
    },
    rationale:
      'ПроКлиент CRM закрывает основные задачи отдела продаж без доработок, кроме обмена с 1С и резервирования остатков, которые поставщик берётся сделать на первом этапе по фиксированной цене. Совокупная стоимость за три года ниже, чем у ТерраCRM, при сопоставимой оценке.',
    alternativeReasons: [
      'Не поддерживает запись звонков из нашей АТС; отчёты по воронке — только выгрузкой в Excel.',
      'Установка на наш сервер и стоимость лицензий выше бюджета; нет мобильного приложения.',
      'Самая высокая стоимость владения за три года; складские функции потребовали бы доработки архитектуры.',
    ],
    vendorComment: 'Оценка по опыту трёх аналогичных внедрений обмена с 1С:Бухгалтерией 8.3.',
  },
  'northwind-helpdesk': {
    candidates: [
      {
        vendor: 'HelpHub Ltd',
        product: 'HelpHub Service Desk',
        edition: 'Professional',
        hosting: 'cloud',
        licenceModel: 'subscription',
        price: '39',
        users: 20,
        implementation: '12 000',
        support: '2 400',
        demoAccess: 'Sandbox until 15 December; login issued to Emma Clarke.',
        contacts: 'Lucas Meyer, lucas.meyer@vendor-demo.com',
        strength: 2.4,
        weakTags: ['erp', 'sage'],
      },
      {
        vendor: 'Ticketeer GmbH',
        product: 'Ticketeer Pro',
        edition: 'Team',
        hosting: 'cloud',
        licenceModel: 'subscription',
        price: '25',
        users: 20,
        implementation: '6 000',
        support: '1 500',
        demoAccess: '30-day trial.',
        contacts: 'sales@ticketeer-demo.de',
        strength: 1.8,
        weakTags: ['sla', 'reports'],
      },
      {
        vendor: 'Flowworks BV',
        product: 'ServiceFlow On-Prem',
        edition: 'Enterprise',
        hosting: 'on_premise',
        licenceModel: 'perpetual',
        price: '650',
        users: 20,
        implementation: '18 000',
        support: '4 000',
        demoAccess: 'Demo on our test server on 10 November.',
        contacts: 'Pieter de Vries, +31 20 555 0100',
        strength: 2.2,
        weakTags: ['portal', 'email'],
      },
    ],
    evaluatorEmails: ['james.patel@northwind-demo.com', 'sophie.turner@northwind-demo.com'],
    vendorEmail: 'lucas.meyer@vendor-demo.com',
    disagreementComment: 'Shown on our own tickets in the second demo: agreed as excellent.',
    architectureItem: {
      title: 'Stock reservations managed inside the help desk',
      description: 'Keeping stock reservations in the help desk instead of Sage would change its data model.',
    },
    rationale:
      'HelpHub covers the main customer-service tasks as they are, except the Sage order lookup and credit notes, which the vendor will build in stage 1 for a fixed price. Its three-year cost is below ServiceFlow and its score is the highest.',
    alternativeReasons: [
      'No SLA escalation rules and only exported reports; fails two main tasks.',
      'On-premise only with perpetual licences over budget; no customer portal in this edition.',
    ],
    vendorComment: 'Estimate based on our standard Sage 200 connector plus two custom fields.',
  },
}

/** Deterministic noise so the demo is the same on every machine. */
function noise(seed: string) {
  let h = 2166136261
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507) ^ Math.imul(h ^ (h >>> 13), 3266489909)
    return ((h >>> 0) % 1000) / 1000
  }
}

export async function seedDemoEvaluation(db: Db, projectId: string, slug: keyof typeof DEMO_EVALUATION) {
  const demo = DEMO_EVALUATION[slug]
  const members = await db.membership.findMany({
    where: { projectId },
    select: { id: true, role: true, departmentId: true, user: { select: { id: true, email: true } } },
  })
  const lead = members.find((m) => m.role === 'lead')!.user
  const member = (email: string) => {
    const m = members.find((x) => x.user.email === email)
    if (!m) throw new Error(`demo evaluation names ${email}, who is not a member`)
    return m
  }

  // Candidates, and the vendor representative bound to the first one.
  const candidateIds: string[] = []
  for (const c of demo.candidates) {
    const fields = CandidateFieldsSchema.parse({
      vendor: c.vendor,
      product: c.product,
      edition: c.edition,
      productVersion: '2026',
      hosting: c.hosting,
      licenceModel: c.licenceModel,
      pricePerUserMonthMinor: c.licenceModel === 'subscription' ? c.price : '',
      perpetualPerUserMinor: c.licenceModel === 'perpetual' ? c.price : '',
      users: c.users,
      implementationCostMinor: c.implementation,
      annualSupportCostMinor: c.support,
      demoAccess: c.demoAccess,
      contacts: c.contacts,
    })
    const created = await createCandidate(db, lead.id, projectId, fields)
    if (!created.ok) throw new Error(`demo candidate ${c.product} refused: ${created.error}`)
    candidateIds.push(created.id)
  }
  const vendor = member(demo.vendorEmail)
  await updateMember(db, lead.id, projectId, vendor.id, { role: 'vendor', departmentId: vendor.departmentId, candidateId: candidateIds[0]! })
  for (const email of demo.evaluatorEmails) {
    const m = member(email)
    if (m.role === 'member') await updateMember(db, lead.id, projectId, m.id, { role: 'member', departmentId: m.departmentId, evaluator: true })
  }

  // Round 1: three evaluators score every evaluated requirement independently.
  const requirements = await db.requirement.findMany({
    where: { projectId, deletedAt: null, status: { not: 'rejected' } },
    orderBy: { code: 'asc' },
    select: { id: true, priority: true, tags: true },
  })
  const evaluators = [lead.id, ...demo.evaluatorEmails.map((e) => member(e).user.id)]
  const random = noise(slug)
  await openRound(db, lead.id, projectId)
  const disagreement = requirements.find((r) => r.priority === 'must')!
  for (const r of requirements) {
    const tags = (JSON.parse(r.tags) as string[]).map((t) => t.toLowerCase())
    for (const [c, candidate] of demo.candidates.entries()) {
      const weak = tags.some((t) => candidate.weakTags.includes(t))
      for (const [e, evaluatorId] of evaluators.entries()) {
        let value = Math.round(Math.min(3, Math.max(0, (weak ? 0.8 : candidate.strength) + (random() - 0.5) * 1.2)))
        // One cell the evaluators saw differently: resolved at the consensus meeting.
        if (r.id === disagreement.id && c === 0) value = [3, 1, 1][e] ?? 1
        await submitScore(db, evaluatorId, projectId, {
          requirementId: r.id,
          candidateId: candidateIds[c]!,
          value,
          comment: '',
          basis: e === 0 ? 'demo' : e === 1 ? 'claim' : 'docs',
        })
      }
    }
  }
  await closeRound(db, lead.id, projectId)
  await setConsensus(db, lead.id, projectId, {
    requirementId: disagreement.id,
    candidateId: candidateIds[0]!,
    value: 3,
    comment: demo.disagreementComment,
  })

  // Improvements: suggested from weak main tasks; ~15 taken up, some estimated and agreed.
  await suggestImprovements(db, lead.id, projectId)
  const suggested = await db.improvement.findMany({
    where: { projectId, status: 'suggested' },
    orderBy: [{ candidateId: 'asc' }, { code: 'asc' }],
    select: { code: true, candidateId: true, version: true },
  })
  const forFirst = suggested.filter((s) => s.candidateId === candidateIds[0])
  const others = suggested.filter((s) => s.candidateId !== candidateIds[0])
  const taken = [...forFirst.slice(0, 6), ...others.slice(0, 8)]
  for (const [i, item] of taken.entries()) {
    const accepted = await transitionImprovement(db, lead.id, projectId, item.code, item.version, 'accept')
    // The lead's plan: most work in stage 1, some in stage 2, one item can wait.
    const stage = i % 3 === 2 ? '2' : i === taken.length - 1 ? 'later' : '1'
    if (accepted && stage !== '1') {
      const current = await db.improvement.findFirstOrThrow({
        where: { projectId, code: item.code },
        select: { title: true, description: true, feasibility: true, version: true, requirements: { select: { requirement: { select: { code: true } } } } },
      })
      await updateImprovement(db, lead.id, projectId, item.code, current.version, {
        title: current.title,
        description: current.description,
        feasibility: current.feasibility as 'feasible',
        stage,
        mustBeforeGoLive: false,
        sequential: false,
        requirementCodes: current.requirements.map((r) => r.requirement.code),
      })
    }
  }
  await createImprovement(db, lead.id, projectId, {
    candidateId: candidateIds[demo.candidates.length - 1]!,
    title: demo.architectureItem.title,
    description: demo.architectureItem.description,
    feasibility: 'architecture',
    stage: 'later',
    mustBeforeGoLive: false,
    sequential: false,
    requirementCodes: [],
  })
  await sendImprovements(
    db,
    lead.id,
    projectId,
    taken.map((t) => t.code),
  )
  // Estimates: all but the last two of the bound vendor's items (they await its estimate), and most others.
  const sent = await db.improvement.findMany({
    where: { projectId, status: 'sent' },
    orderBy: { code: 'asc' },
    select: { code: true, candidateId: true, version: true },
  })
  const awaiting = new Set(sent.filter((s) => s.candidateId === candidateIds[0]).slice(-2).map((s) => s.code))
  let n = 0
  for (const item of sent) {
    if (awaiting.has(item.code) || (item.candidateId !== candidateIds[0] && n % 4 === 3)) {
      n++
      continue
    }
    const byHours = n % 3 !== 2
    const actor = item.candidateId === candidateIds[0] ? vendor.user.id : lead.id
    await submitEstimate(db, actor, projectId, item.candidateId, item.code, item.version, {
      hoursCenti: byHours ? (8 + ((n * 13) % 60)) * 100 : null,
      hourlyRateMinor: byHours ? (slug === 'volga-crm' ? 250_000 : 9_500) : null,
      fixedPriceMinor: byHours ? null : slug === 'volga-crm' ? 9_000_000 + n * 500_000 : 350_000 + n * 25_000,
      durationDays: 2 + ((n * 7) % 15),
      earliestStart: new Date(Date.UTC(2027, 0, 11 + n)),
      feasibility: n % 5 === 4 ? 'risky' : 'feasible',
      vendorComment: demo.vendorComment,
    })
    const estimated = await db.improvement.findFirstOrThrow({ where: { projectId, code: item.code }, select: { version: true } })
    if (n % 2 === 0) await transitionImprovement(db, lead.id, projectId, item.code, estimated.version, 'agree')
    n++
  }
  // The decision: the best-scoring candidate, the others rejected with reasons, signed off.
  const results = await candidateResults(db, projectId)
  const ranked = [...results].sort((a, b) => b.weightedScore - a.weightedScore)
  const chosen = candidateIds[0]!
  const rationale = plainTextToDoc(demo.rationale)
  const saved = await saveDecision(db, lead.id, projectId, {
    version: 0,
    chosenCandidateId: chosen,
    rationale,
    rationaleText: richTextToPlainText(rationale),
    alternatives: candidateIds.slice(1).map((candidateId, i) => ({ candidateId, reason: demo.alternativeReasons[i] ?? demo.alternativeReasons[0]! })),
  })
  if (!saved.ok) throw new Error(`demo decision refused: ${saved.error} (ranking: ${ranked.map((r) => r.weightedScore.toFixed(1)).join(', ')})`)
  const signed = await signOffDecision(db, lead.id, projectId, saved.version)
  if (!signed.ok) throw new Error(`demo decision sign-off refused: ${signed.error}`)
}
