import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/**
 * The interview guides shipped with Specwright (templates/interview-guides/*.json), each in
 * English and Russian. Read from the repository root at first use, validated, then cached:
 * a broken file is a deployment error, reported with its name.
 */
const Bilingual = z.object({ en: z.string().trim().min(1), ru: z.string().trim().min(1) })

const GuideTemplateSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9-]+$/),
  department: Bilingual,
  title: Bilingual,
  description: Bilingual,
  sections: z
    .array(
      z.object({
        title: Bilingual,
        questions: z.array(z.object({ id: z.string().min(1), text: Bilingual, hint: Bilingual.optional() })).min(1),
      }),
    )
    .min(1),
})

export type GuideTemplate = z.infer<typeof GuideTemplateSchema>
export type GuideLanguage = 'en' | 'ru'

let cache: GuideTemplate[] | undefined

export function guideTemplatesDir(): string {
  return path.join(process.cwd(), 'templates', 'interview-guides')
}

export function loadGuideTemplates(dir = guideTemplatesDir()): GuideTemplate[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  return files.map((file) => {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    const parsed = GuideTemplateSchema.safeParse(raw)
    if (!parsed.success) throw new Error(`Interview guide template ${file} is invalid: ${z.prettifyError(parsed.error)}`)
    return parsed.data
  })
}

export function listGuideTemplates(): GuideTemplate[] {
  cache ??= loadGuideTemplates()
  return cache
}

export function findGuideTemplate(templateId: string): GuideTemplate | undefined {
  return listGuideTemplates().find((t) => t.id === templateId)
}

/** A template's texts in one language, flattened into numbered questions. */
export function guideTemplateIn(template: GuideTemplate, language: GuideLanguage) {
  return {
    id: template.id,
    title: template.title[language],
    department: template.department[language],
    description: template.description[language],
    questions: template.sections.flatMap((section) =>
      section.questions.map((q) => ({ section: section.title[language], text: q.text[language], hint: q.hint?.[language] ?? '' })),
    ),
  }
}
