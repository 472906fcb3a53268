import type { Db } from '~/utils/db.server'
import { saveDepartment } from '~/models/department.server'
import { addMember } from '~/models/member.server'
import { createProject, type ProjectInput } from '~/models/project.server'
import { createUser } from '~/models/user.server'
import type { ProjectRole } from '~/utils/permissions'
import { DEMO_DISCOVERY } from './demo-discovery-data'
import { seedDemoDiscovery } from './seed-demo-discovery'
import { seedDemoEvaluation } from './seed-demo-evaluation'
import { seedDemoSpec } from './seed-demo-spec'

export const DEMO_PASSWORD = 'specwright-demo'

type DemoPerson = { email: string; name: string; role: ProjectRole; department?: string; locale: 'en' | 'ru'; title: string }
type DemoProject = { slug: keyof typeof DEMO_DISCOVERY; project: ProjectInput; departments: string[]; people: DemoPerson[]; heads: Record<string, string> }

// A 40-person distribution company in Samara choosing a CRM, and an English-speaking
// wholesaler choosing a help desk. The first person of each list is the project lead.
const DEMO: DemoProject[] = [
  {
    slug: 'volga-crm',
    project: {
      name: 'Выбор CRM для «Волга-Дистрибуции»',
      clientOrganisation: 'ООО «Волга-Дистрибуция»',
      description:
        'Оптовая дистрибуция бытовой химии и товаров для дома, 40 сотрудников, Самара. Выбираем CRM для отдела продаж и склада: сделки, заказы, звонки, обмен с 1С:Бухгалтерией и сайтом.',
      documentLanguage: 'ru',
      currency: 'RUB',
    },
    departments: ['Отдел продаж', 'Склад и логистика', 'Бухгалтерия'],
    heads: { 'Отдел продаж': 'volkov@volga-demo.ru', 'Склад и логистика': 'petrova@volga-demo.ru' },
    people: [
      { email: 'sokolova@volga-demo.ru', name: 'Ирина Соколова', role: 'lead', locale: 'ru', title: 'руководитель проекта' },
      { email: 'volkov@volga-demo.ru', name: 'Дмитрий Волков', role: 'department_head', department: 'Отдел продаж', locale: 'ru', title: 'руководитель отдела продаж' },
      { email: 'petrova@volga-demo.ru', name: 'Ольга Петрова', role: 'department_head', department: 'Склад и логистика', locale: 'ru', title: 'заведующая складом' },
      { email: 'smirnov@volga-demo.ru', name: 'Алексей Смирнов', role: 'member', department: 'Отдел продаж', locale: 'ru', title: 'менеджер по продажам' },
      { email: 'nikolaev@volga-demo.ru', name: 'Сергей Николаев', role: 'observer', locale: 'ru', title: 'генеральный директор' },
      { email: 'orlov@vendor-demo.ru', name: 'Максим Орлов', role: 'vendor', locale: 'ru', title: 'представитель поставщика' },
    ],
  },
  {
    slug: 'northwind-helpdesk',
    project: {
      name: 'Help desk for Northwind Supplies',
      clientOrganisation: 'Northwind Supplies Ltd',
      description:
        'A 60-person wholesaler of office supplies choosing a help desk for customer service: e-mail and phone tickets, SLAs, a customer portal, and links to the ERP.',
      documentLanguage: 'en',
      currency: 'EUR',
    },
    departments: ['Customer service', 'Sales'],
    heads: { 'Customer service': 'james.patel@northwind-demo.com' },
    people: [
      { email: 'emma.clarke@northwind-demo.com', name: 'Emma Clarke', role: 'lead', locale: 'en', title: 'project lead' },
      { email: 'james.patel@northwind-demo.com', name: 'James Patel', role: 'department_head', department: 'Customer service', locale: 'en', title: 'head of customer service' },
      { email: 'sophie.turner@northwind-demo.com', name: 'Sophie Turner', role: 'member', department: 'Customer service', locale: 'en', title: 'support agent' },
      { email: 'daniel.brooks@northwind-demo.com', name: 'Daniel Brooks', role: 'observer', locale: 'en', title: 'managing director' },
      { email: 'lucas.meyer@vendor-demo.com', name: 'Lucas Meyer', role: 'vendor', locale: 'en', title: 'vendor representative' },
    ],
  },
]

export const DEMO_LOGINS = DEMO.flatMap((d) => d.people.map((p) => ({ project: d.slug, email: p.email, role: p.role, name: p.name })))

function printLogins(out: (line: string) => void) {
  out(`Demo logins (password for all: ${DEMO_PASSWORD}):`)
  for (const d of DEMO) {
    out(`  ${d.project.name}`)
    for (const p of d.people) out(`    ${p.email.padEnd(34)} ${p.role}`)
  }
}

/**
 * Adds the demo projects through the same model functions the app uses (so every row has its
 * audit event). Skips a project whose slug exists; with `ifEmpty`, skips everything unless the
 * database has no users.
 */
export async function seedDemo(db: Db, { ifEmpty, out }: { ifEmpty: boolean; out: (line: string) => void }) {
  if (ifEmpty && (await db.user.count()) > 0) {
    if ((await db.user.count({ where: { email: DEMO_LOGINS[0]!.email } })) > 0) printLogins(out)
    return
  }
  for (const demo of DEMO) {
    if (await db.project.findUnique({ where: { slug: demo.slug }, select: { id: true } })) {
      out(`Demo project ${demo.slug} is already there.`)
      continue
    }
    const userIds = new Map<string, string>()
    for (const person of demo.people) {
      const existing = await db.user.findUnique({ where: { email: person.email }, select: { id: true } })
      const user =
        existing ??
        (await createUser(db, {
          email: person.email,
          name: person.name,
          password: DEMO_PASSWORD,
          locale: person.locale,
          invited: true,
          signupFallback: 'open',
        }))
      userIds.set(person.email, user.id)
    }
    const leadId = userIds.get(demo.people[0]!.email)!
    const project = await createProject(db, leadId, demo.project, { slug: demo.slug })

    const departmentIds = new Map<string, string>()
    for (const name of demo.departments) {
      const saved = await saveDepartment(db, leadId, project.id, null, { name, headMemberId: null })
      if (saved.id) departmentIds.set(name, saved.id)
    }
    const memberIds = new Map<string, string>()
    for (const person of demo.people.slice(1)) {
      const departmentId = person.department ? (departmentIds.get(person.department) ?? null) : null
      const m = await addMember(db, leadId, project.id, { userId: userIds.get(person.email)!, role: person.role, departmentId })
      memberIds.set(person.email, m.id)
    }
    for (const [name, headEmail] of Object.entries(demo.heads)) {
      await saveDepartment(db, leadId, project.id, departmentIds.get(name)!, { name, headMemberId: memberIds.get(headEmail)! })
    }
    await seedDemoDiscovery(db, project.id, demo.project.documentLanguage, DEMO_DISCOVERY[demo.slug])
    await seedDemoEvaluation(db, project.id, demo.slug)
    await seedDemoSpec(db, project.id, demo.slug)
    out(`Demo project created: ${demo.project.name} (/p/${demo.slug})`)
  }
  printLogins(out)
}
