import { useEffect, useState } from 'react'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/specification-draft'
import { SpecDraftChecklist, type ChecklistItem } from '~/components/spec-draft-checklist'
import { SpecDraftSections, type SectionView } from '~/components/spec-draft-sections'
import { SpecDraftSigners, type SignerMember } from '~/components/spec-draft-signers'
import { SpecDraftTitleFields, type TitleFieldView } from '~/components/spec-draft-title-fields'
import { Button, buttonClass } from '~/components/ui/button'
import { FormError } from '~/components/ui/field'
import { Badge, PageHeader, Panel } from '~/components/ui/panel'
import { buildSpecDocument } from '~/document/build.server'
import { blockingItems, checkCompleteness } from '~/document/completeness.server'
import { previewHtml } from '~/document/preview-html.server'
import type { Section } from '~/document/spec-document'
import { allSections, getSpecTemplate, loadSpecTemplates, type Localized, type SpecTemplate, type TemplateSection } from '~/document/templates.server'
import { formatDateTime, useI18n, type Locale, type T } from '~/i18n'
import { listMembers } from '~/models/member.server'
import { builderInput, draftPatchSchema, getDraft, saveDraft, SIGNERS_MAX, type DraftErrorCode, type DraftFailure, type DraftPatch, type DraftRecord } from '~/models/spec-draft.server'
import { issueVersion, versionNumbers } from '~/models/spec-version.server'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/http.server'
import { requireProjectPermission } from '~/utils/permissions.server'
import { requestI18n } from '~/utils/request.server'
import { parseRichText, type RichTextDoc } from '~/utils/rich-text'
import { redirectWithToast } from '~/utils/toast.server'
import { issueMessage, type FieldErrors } from '~/utils/validation'

/**
 * The specification draft editor (the lead's): template, title sheet, section texts, which
 * optional sections are in, the section order (templates without a standard), the signers;
 * beside it the document built from the saved draft, and the completeness checklist that
 * gates issuing a version. One form saves everything with the revision it was loaded at, so a
 * concurrent save by someone else is refused instead of overwritten.
 */

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.pageTitle} · Specwright` : 'Specwright' }]

type RawField = { key: string; label: Localized; type: string; required?: boolean; hint?: unknown; fields?: unknown }

function localized(value: unknown, locale: Locale): string | null {
  if (!value || typeof value !== 'object') return null
  const text = (value as Record<string, unknown>)[locale]
  return typeof text === 'string' && text.trim() ? text : null
}

function subFields(field: RawField): RawField[] {
  return Array.isArray(field.fields) ? (field.fields as RawField[]).filter((f) => typeof f?.key === 'string' && f.label) : []
}

function titleFieldViews(template: SpecTemplate, draft: DraftRecord, values: Record<string, string>, locale: Locale): TitleFieldView[] {
  const view = (f: RawField, key: string, fields: TitleFieldView[]): TitleFieldView => {
    const value = draft.titleFields[key] ?? ''
    return {
      key,
      label: f.label[locale],
      hint: localized(f.hint, locale),
      type: f.type,
      required: f.required === true,
      value,
      prefilled: !value && values[key] ? values[key] : null,
      fields,
    }
  }
  return (template.titleSheet.fields as RawField[]).map((f) =>
    f.type === 'group' ? view(f, f.key, subFields(f).map((s) => view(s, `${f.key}.${s.key}`, []))) : view(f, f.key, []),
  )
}

const GENERATORS = new Set([
  'general-info', 'purpose', 'processes-to-be', 'functions', 'requirements-by-department', 'requirements-by-type', 'non-functional', 'security',
  'integrations', 'chosen-system', 'decision', 'improvements', 'stages', 'what-can-wait', 'acceptance', 'traceability', 'sources', 'documentation',
  'glossary', 'references',
])

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** What a generated section is built from, in the reader's words. */
function generatedFrom(s: TemplateSection, template: SpecTemplate, t: T, locale: Locale): { source: string; details: string | null } {
  const name = s.generator ?? ''
  const what = GENERATORS.has(name) ? t(`specDraft.generators.${name}`) : t('specDraft.generators.unknown', { name })
  const options = s.options ?? {}
  let details: string | null = null
  if (name === 'general-info' && strings(options.fields).length) {
    const label = (key: string) => template.titleSheet.fields.find((f) => f.key === key)?.label[locale] ?? key
    details = t('specDraft.fieldsList', { list: strings(options.fields).map(label).join(', ') })
  } else if (strings(options.types).length) {
    details = t('specDraft.typesList', { list: strings(options.types).map((type) => t(`requirements.types.${type}`)).join(', ') })
  }
  return { source: t('specDraft.sections.generatedFrom', { source: what }), details }
}

function sectionNumbers(sections: Section[], into = new Map<string, string>()): Map<string, string> {
  for (const s of sections) {
    into.set(s.id, s.number)
    sectionNumbers(s.children, into)
  }
  return into
}

function sectionViews(
  list: TemplateSection[],
  ctx: { template: SpecTemplate; draft: DraftRecord; numbers: Map<string, string>; useIds: boolean; appendix: boolean; t: T; locale: Locale },
): SectionView[] {
  const excluded = new Set(ctx.draft.excluded)
  return list.map((s) => {
    const generated = s.kind === 'generated' ? generatedFrom(s, ctx.template, ctx.t, ctx.locale) : null
    const number = ctx.numbers.get(s.id) ?? (ctx.useIds || ctx.appendix ? s.id : '')
    return {
      id: s.id,
      number: ctx.appendix ? ctx.t('specification.preview.appendix', { number }) : number,
      title: s.title[ctx.locale],
      kind: s.kind,
      mandatory: s.mandatory,
      guidance: s.guidance ? s.guidance[ctx.locale] : null,
      source: generated?.source ?? null,
      details: generated?.details ?? null,
      text: (ctx.draft.freeText[s.id] as RichTextDoc | undefined) ?? null,
      included: s.mandatory || !excluded.has(s.id),
      children: sectionViews(s.children, { ...ctx, appendix: false }),
    }
  })
}

/** The builder's order for a template without a standard: the lead's order, then the rest. */
function orderedSections(sections: TemplateSection[], order: string[]): TemplateSection[] {
  const rank = (id: string) => {
    const i = order.indexOf(id)
    return i < 0 ? order.length + sections.findIndex((s) => s.id === id) : i
  }
  return [...sections].sort((a, b) => rank(a.id) - rank(b.id))
}

// Everything the editor shows comes from one build of the saved draft: the preview, the title
// fields' prefilled values, the section numbers and the completeness check (no second build).
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project } = await requireProjectPermission(request, params.slug, 'spec.edit')
  const { t, locale } = await requestI18n(request)
  const draft = await getDraft(db, project.id)
  const template = getSpecTemplate(draft.templateId)
  if (!template) throw new Error(`Unknown specification template ${draft.templateId}`)
  const [built, members, versions] = await Promise.all([buildSpecDocument(db, project.id, builderInput(draft)), listMembers(db, project.id), versionNumbers(db, project.id)])
  const items = checkCompleteness(template, built)
  const checklist: ChecklistItem[] = [
    ...items,
    { id: 'signers', title: t('specDraft.checklist.signersChosen'), severity: 'error', ok: draft.signers.length > 0, missing: draft.signers.length ? [] : [t('specDraft.checklist.signersMissing')] },
  ]
  const useIds = template.standard !== undefined && template.standard !== 'none'
  const numbers = sectionNumbers([...built.document.sections, ...built.document.appendices])
  const ctx = { template, draft, numbers, useIds, appendix: false, t, locale }
  return {
    pageTitle: t('specDraft.title'),
    slug: project.slug,
    revision: draft.revision,
    updatedAt: draft.updatedAt?.toISOString() ?? null,
    templateId: template.id,
    templates: [...loadSpecTemplates().values()].map((tpl) => ({
      id: tpl.id,
      title: tpl.title[locale],
      description: tpl.description?.[locale] ?? null,
      standard: tpl.standard && tpl.standard !== 'none' ? tpl.standard : null,
    })),
    titleFields: titleFieldViews(template, draft, built.titleValues, locale),
    orderable: !useIds,
    sections: sectionViews(useIds ? template.sections : orderedSections(template.sections, draft.sectionOrder), ctx),
    appendices: sectionViews(template.appendices, { ...ctx, appendix: true }),
    signers: draft.signers,
    signingOrder: draft.signingOrder,
    maxSigners: SIGNERS_MAX,
    members: members
      .filter((m) => m.role !== 'observer')
      .map((m): SignerMember => ({ userId: m.user.id, name: m.user.name, role: m.role })),
    checklist,
    blocking: blockingItems(checklist).length,
    nextNumber: (versions[0] ?? 0) + 1,
    preview: previewHtml(built.document),
    problems: built.problems,
  }
}

type ActionData = { intent: 'save' | 'issue'; errors: FieldErrors; formError: string | null; stale: boolean; issueItems: ChecklistItem[] }

// The model's failures in the reader's language, by their code (its messages are English). A
// rich text the model cannot read is reported as the section it came from.
const FAILURE_KEYS: Record<DraftErrorCode, string> = {
  template: 'template',
  unknownField: 'unknownField',
  unknownSection: 'unknownSection',
  richText: 'unknownSection',
  excluded: 'excluded',
  order: 'order',
  signerNotMember: 'signerNotMember',
  signerTwice: 'signerTwice',
  signerObserver: 'signerObserver',
  vendorParty: 'vendorParty',
  clientParty: 'clientParty',
}

const SIGNER_FIELD = /^signers\.(\d+)\.(userId|party|meaning|role)$/

/**
 * The patch a save form carries. A part is patched only when the form has it (the sections'
 * hidden `optional` list, the `signersShown` marker), and the title fields and texts the form
 * shows are laid over the stored ones, so a section whose editor was never opened keeps its text.
 */
function patchFromForm(form: FormData, current: DraftRecord, t: T): { raw: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const titleFields: Record<string, string> = {}
  const freeText: Record<string, RichTextDoc> = {}
  const signerRows = new Map<number, Record<string, string>>()
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') continue
    if (key.startsWith('titleFields.')) titleFields[key.slice('titleFields.'.length)] = value
    else if (key.startsWith('freeText.')) {
      const parsed = parseRichText(value)
      if (parsed.ok) freeText[key.slice('freeText.'.length)] = parsed.doc
      else errors[key] = t(`interviews.richText.${parsed.code}`, { detail: parsed.detail ?? '' })
    } else {
      const m = SIGNER_FIELD.exec(key)
      if (m) signerRows.set(Number(m[1]), { ...signerRows.get(Number(m[1])), [m[2]!]: value })
    }
  }
  const raw: Record<string, unknown> = {}
  const templateId = form.get('templateId')
  if (typeof templateId === 'string' && templateId) raw.templateId = templateId
  if (Object.keys(titleFields).length) raw.titleFields = { ...current.titleFields, ...titleFields }
  if (Object.keys(freeText).length) raw.freeText = { ...current.freeText, ...freeText }
  if (form.has('optional')) {
    const included = new Set(form.getAll('include'))
    raw.excluded = form.getAll('optional').filter((id) => !included.has(id))
  }
  if (form.has('sectionOrder')) raw.sectionOrder = form.getAll('sectionOrder')
  if (form.has('signersShown')) raw.signers = [...signerRows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => ({ userId: '', ...row }))
  const signingOrder = form.get('signingOrder')
  if (typeof signingOrder === 'string') raw.signingOrder = signingOrder
  return { raw, errors }
}

function patchErrors(issues: { path: PropertyKey[]; message: string; code: string }[], t: T): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || '_form'
    if (errors[field]) continue
    if (field === 'signers') errors[field] = t('specDraft.errors.tooManySigners', { max: SIGNERS_MAX })
    else if (/^signers\.\d+\.userId$/.test(field)) errors[field] = t('specDraft.errors.chooseSigner')
    else errors[field] = issueMessage(issue as Parameters<typeof issueMessage>[0], t)
  }
  return errors
}

/**
 * Saving with another template: the form's fields and sections belong to the template it was
 * shown with, so they are saved first, then the template is switched (its mandatory sections
 * cannot stay left out). Texts and fields of the other template are kept in the draft.
 */
async function save(actorId: string, projectId: string, revision: number, patch: DraftPatch, current: DraftRecord) {
  const { templateId, ...content } = patch
  if (!templateId || templateId === current.templateId) return saveDraft(db, actorId, projectId, revision, content)
  const next = getSpecTemplate(templateId)
  if (!next) return { ok: false, error: 'invalid', field: 'templateId', code: 'template', message: 'Unknown template' } satisfies DraftFailure
  const first = await saveDraft(db, actorId, projectId, revision, content)
  if (!first.ok) return first
  const mandatory = new Set(allSections([...next.sections, ...next.appendices]).filter((s) => s.mandatory).map((s) => s.id))
  // What the first save left out: this form's choice, else the draft's as it was.
  const excluded = content.excluded ?? current.excluded
  const switchPatch: DraftPatch = excluded.some((id) => mandatory.has(id)) ? { templateId, excluded: [] } : { templateId }
  return saveDraft(db, actorId, projectId, first.revision, switchPatch)
}

export async function action({ request, params }: Route.ActionArgs) {
  const { project, user } = await requireProjectPermission(request, params.slug, 'spec.edit')
  const { t } = await requestI18n(request)
  const form = await readForm(request)
  const intent = form.get('intent') === 'issue' ? 'issue' : 'save'
  const fail = (result: Partial<ActionData>, status = 400) => data<ActionData>({ intent, errors: {}, formError: null, stale: false, issueItems: [], ...result }, { status })

  const revision = Number(form.get('revision'))
  if (!Number.isInteger(revision) || revision < 0) return fail({ formError: t('specDraft.badRevision') })
  const current = await getDraft(db, project.id)
  if (current.revision !== revision) return fail({ formError: t('specDraft.stale', { revision: current.revision }), stale: true }, 409)

  if (intent === 'issue') {
    const result = await issueVersion(db, { projectId: project.id, actorId: user.id })
    if (result.ok) return redirectWithToast(`/p/${project.slug}/specification/v/${result.number}`, { type: 'success', message: t('specDraft.issue.issued', { number: result.number }) })
    switch (result.error) {
      case 'incomplete':
        return fail({ formError: t('specDraft.issue.incomplete'), issueItems: blockingItems(result.items) }, 409)
      case 'no_signers':
        return fail({ formError: t('specDraft.issue.noSigners') }, 409)
      case 'signer_not_member': {
        const gone = await db.user.findUnique({ where: { id: result.userId }, select: { name: true } })
        return fail({ formError: t('specDraft.issue.signerNotMember', { name: gone?.name ?? result.userId }) }, 409)
      }
      case 'unchanged':
        return fail({ formError: t('specDraft.issue.unchanged', { number: result.number }) }, 409)
    }
  }

  const { raw, errors } = patchFromForm(form, current, t)
  const parsed = draftPatchSchema.safeParse(raw)
  const allErrors = { ...errors, ...(parsed.success ? {} : patchErrors(parsed.error.issues, t)) }
  if (!parsed.success || Object.keys(allErrors).length) return fail({ errors: allErrors, formError: t('specDraft.invalid') })
  const saved = await save(user.id, project.id, revision, parsed.data, current)
  if (!saved.ok) {
    if (saved.error === 'stale') return fail({ formError: t('specDraft.stale', { revision: saved.revision }), stale: true }, 409)
    return fail({ errors: { [saved.field]: t(`specDraft.errors.${FAILURE_KEYS[saved.code]}`) }, formError: t('specDraft.invalid') })
  }
  return redirectWithToast(`/p/${project.slug}/specification/draft`, { type: 'success', message: t('specDraft.saved', { revision: saved.revision }) })
}

export default function SpecificationDraft() {
  const loaded = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useI18n()
  const submitting = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  // Edits since the revision on screen; a successful save brings a new revision, so this clears.
  const [dirtyAt, setDirtyAt] = useState<number | null>(null)
  const dirty = dirtyAt === loaded.revision
  const markDirty = () => setDirtyAt(loaded.revision)
  const errors = result?.intent === 'save' ? result.errors : {}
  // Leaving the page (reload, another site) with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  return (
    <div>
      <PageHeader
        title={t('specDraft.title')}
        description={t('specDraft.purpose')}
        actions={
          <Link to={`/p/${loaded.slug}/specification`} className={buttonClass('secondary', 'sm')}>
            {t('specDraft.readOnlyPreview')}
          </Link>
        }
      />
      {result?.formError && result.intent === 'save' ? (
        <div className="mb-4 space-y-1">
          <FormError message={result.formError} />
          {result.stale ? (
            <a href={`/p/${loaded.slug}/specification/draft`} className="text-sm text-accent-700 underline">
              {t('specDraft.reload')}
            </a>
          ) : null}
        </div>
      ) : null}

      <IssuePanel dirty={dirty} submitting={submitting === 'issue'} result={result?.intent === 'issue' ? result : undefined} />

      <div className="mt-6 grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Form method="post" key={loaded.templateId} className="min-w-0 space-y-6" onChange={markDirty} onInput={markDirty}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="revision" value={loaded.revision} />
          <TemplatePanel error={errors.templateId} />
          <Panel title={t('specDraft.titleSheet.legend')}>
            <SpecDraftTitleFields fields={loaded.titleFields} errors={errors} />
          </Panel>
          <Panel title={t('specDraft.sections.legend')}>
            <SpecDraftSections sections={loaded.sections} appendices={loaded.appendices} orderable={loaded.orderable} errors={errors} onReorder={markDirty} />
          </Panel>
          <Panel title={t('specDraft.signers.legend')}>
            <input type="hidden" name="signersShown" value="1" />
            <SpecDraftSigners signers={loaded.signers} signingOrder={loaded.signingOrder} members={loaded.members} max={loaded.maxSigners} errors={errors} onChange={markDirty} />
          </Panel>
          <SaveBar dirty={dirty} saving={submitting === 'save'} />
        </Form>
        <PreviewPanel />
      </div>
    </div>
  )
}

function TemplatePanel({ error }: { error?: string }) {
  const { templates, templateId } = useLoaderData<typeof loader>()
  const { t } = useI18n()
  const [chosen, setChosen] = useState(templateId)
  return (
    <Panel title={t('specDraft.template.legend')}>
      <fieldset>
        <legend className="sr-only">{t('specDraft.template.legend')}</legend>
        <div className="grid gap-2 md:grid-cols-3 xl:grid-cols-1 2xl:grid-cols-3">
          {templates.map((tpl) => (
            <label
              key={tpl.id}
              className={`flex cursor-pointer gap-2 rounded-md border px-3 py-2 text-sm ${chosen === tpl.id ? 'border-accent-600 bg-accent-50' : 'border-slate-200 bg-white hover:bg-slate-50'}`}
            >
              <input type="radio" name="templateId" value={tpl.id} checked={chosen === tpl.id} onChange={() => setChosen(tpl.id)} className="mt-0.5 h-4 w-4" />
              <span>
                <span className="block font-medium text-slate-900">{tpl.title}</span>
                <span className="block text-xs text-slate-600">{tpl.standard ? t('specDraft.template.standard', { standard: tpl.standard }) : t('specDraft.template.noStandard')}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className={`mt-2 text-sm ${chosen !== templateId ? 'font-medium text-amber-900' : 'text-slate-600'}`} role={chosen !== templateId ? 'status' : undefined}>
        {chosen !== templateId ? `${t('specDraft.template.pending')} ` : ''}
        {t('specDraft.template.note')}
      </p>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </Panel>
  )
}

function SaveBar({ dirty, saving }: { dirty: boolean; saving: boolean }) {
  const { revision, updatedAt } = useLoaderData<typeof loader>()
  const { t, locale } = useI18n()
  return (
    <div className="sticky bottom-0 z-10 flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white/95 px-4 py-3 shadow-sm backdrop-blur">
      <Button type="submit" variant="primary" disabled={saving}>
        {saving ? t('specDraft.saving') : t('specDraft.save')}
      </Button>
      <p role="status" className="text-sm text-slate-600">
        <span className={dirty ? 'font-medium text-amber-900' : ''}>{dirty ? t('specDraft.unsaved') : t('specDraft.allSaved')}</span>
        <span className="text-slate-500">
          {' · '}
          {t('specDraft.revision', { revision })}, {updatedAt ? t('specDraft.savedAt', { time: formatDateTime(updatedAt, locale) }) : t('specDraft.neverSaved')}
        </span>
      </p>
    </div>
  )
}

function IssuePanel({ dirty, submitting, result }: { dirty: boolean; submitting: boolean; result?: ActionData }) {
  const { checklist, blocking, nextNumber, revision, slug } = useLoaderData<typeof loader>()
  const { t } = useI18n()
  const reason = blocking > 0 ? t('specDraft.issue.blocked') : dirty ? t('specDraft.issue.dirty') : null
  return (
    <Panel title={t('specDraft.checklist.title')}>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div>
          <p className="text-sm text-slate-600">{t('specDraft.checklist.intro')}</p>
          <SpecDraftChecklist items={checklist} />
        </div>
        <Form method="post" className="space-y-2 lg:border-l lg:border-slate-100 lg:pl-4">
          <input type="hidden" name="intent" value="issue" />
          <input type="hidden" name="revision" value={revision} />
          <p className={`text-sm font-medium ${blocking > 0 ? 'text-red-800' : 'text-emerald-800'}`}>
            {blocking > 0 ? t('specDraft.checklist.blocking', { count: blocking }) : t('specDraft.checklist.ready')}
          </p>
          <Button type="submit" variant="primary" disabled={reason !== null || submitting} aria-describedby="issue-hint">
            {t('specDraft.issue.button', { number: nextNumber })}
          </Button>
          <p id="issue-hint" className="text-sm text-slate-600">
            {reason ?? t('specDraft.issue.hint', { number: nextNumber })}
          </p>
          {result?.formError ? <FormError message={result.formError} /> : null}
          {result?.stale ? (
            <a href={`/p/${slug}/specification/draft`} className="text-sm text-accent-700 underline">
              {t('specDraft.reload')}
            </a>
          ) : null}
          {result?.issueItems.length ? <SpecDraftChecklist items={result.issueItems} /> : null}
        </Form>
      </div>
    </Panel>
  )
}

function PreviewPanel() {
  const { preview, problems, revision } = useLoaderData<typeof loader>()
  const { t } = useI18n()
  return (
    <section aria-labelledby="draft-preview" className="min-w-0 xl:sticky xl:top-4">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="draft-preview">{t('specDraft.preview.title')}</h2>
        <Badge tone="amber">{t('specification.draftBadge')}</Badge>
      </div>
      <p className="mb-2 text-sm text-slate-600">{t('specDraft.preview.note', { revision })}</p>
      {problems.length > 0 ? (
        <div role="status" className="mb-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-medium">⚠ {t('specDraft.preview.problems')}</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="overflow-auto rounded-lg bg-slate-100 p-3 xl:max-h-[calc(100vh-6rem)] [&_.spec-preview]:px-8 [&_.spec-preview]:py-8">
        <div dangerouslySetInnerHTML={{ __html: preview }} />
      </div>
    </section>
  )
}
