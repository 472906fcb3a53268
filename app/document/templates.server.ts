import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/**
 * The specification templates (templates/specifications/*.json): read from process.cwd() once,
 * validated, cached. Only the parts the builder uses are checked strictly; the rest passes
 * through untouched.
 */

export const localized = z.object({ en: z.string(), ru: z.string() })
export type Localized = z.infer<typeof localized>

export type TemplateSection = {
  id: string
  title: Localized
  mandatory: boolean
  kind: 'free' | 'generated'
  generator?: string
  options?: Record<string, unknown>
  guidance?: Localized
  emptyText?: Localized
  children: TemplateSection[]
}

const section: z.ZodType<TemplateSection> = z.lazy(() =>
  z.object({
    id: z.string().min(1),
    title: localized,
    mandatory: z.boolean(),
    kind: z.enum(['free', 'generated']),
    generator: z.string().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    guidance: localized.optional(),
    emptyText: localized.optional(),
    children: z.array(section).default([]),
  }),
) as z.ZodType<TemplateSection>

const titleLine = z
  .object({
    kind: z.string(),
    field: z.string().optional(),
    style: z.string().optional(),
    text: localized.optional(),
    format: localized.optional(),
    optional: z.boolean().optional(),
  })
  .passthrough()

const titleBlock = z
  .object({
    id: z.string(),
    party: z.enum(['client', 'vendor']),
    meaning: z.enum(['approved', 'agreed']),
    heading: localized,
    lines: z.array(titleLine),
  })
  .passthrough()

const field = z.object({ key: z.string(), label: localized, type: z.string(), required: z.boolean().optional() }).passthrough()

export const specTemplateSchema = z
  .object({
    version: z.literal(1),
    id: z.string(),
    title: localized,
    description: localized.optional(),
    standard: z.string().optional(),
    titleSheet: z
      .object({
        blocks: z.array(titleBlock).default([]),
        titleLines: z.array(titleLine).default([]),
        footerLine: titleLine.optional(),
        fields: z.array(field).default([]),
        approvalSheet: z.object({ title: localized }).passthrough().optional(),
      })
      .passthrough(),
    sections: z.array(section),
    appendices: z.array(section).default([]),
  })
  .passthrough()

export type SpecTemplate = z.infer<typeof specTemplateSchema>

/** Every section of a template tree, depth first. */
export function allSections(list: TemplateSection[]): TemplateSection[] {
  return list.flatMap((s) => [s, ...allSections(s.children)])
}

let cache: Map<string, SpecTemplate> | undefined

export function templatesDir(): string {
  return path.join(process.cwd(), 'templates', 'specifications')
}

/** Every valid template by id; an invalid file throws (templates ship with the code). */
export function loadSpecTemplates(): Map<string, SpecTemplate> {
  if (cache) return cache
  const dir = templatesDir()
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  const map = new Map<string, SpecTemplate>()
  for (const file of files) {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    const parsed = specTemplateSchema.safeParse(raw)
    if (!parsed.success) throw new Error(`templates/specifications/${file}: ${parsed.error.message}`)
    map.set(parsed.data.id, parsed.data)
  }
  cache = map
  return map
}

export function getSpecTemplate(id: string): SpecTemplate | null {
  return loadSpecTemplates().get(id) ?? null
}
