import {
  data,
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
} from "react-router";
import type { Route } from "./+types/improvements";
import {
  FeasibilityBadge,
  ImprovementStatusBadge,
} from "~/components/improvement-badges";
import { Button, buttonClass } from "~/components/ui/button";
import {
  FormError,
  SelectField,
  TextAreaField,
  TextField,
} from "~/components/ui/field";
import { EmptyState, PageHeader, Panel } from "~/components/ui/panel";
import { TableHead } from "~/components/ui/table";
import { useI18n, useT, type T } from "~/i18n";
import {
  itemCostMinor,
  STAGES,
  type ImprovementTotals,
} from "~/models/improvement-math";
import {
  createImprovement,
  ImprovementError,
  listImprovements,
  sendImprovements,
  suggestImprovements,
  visibleCandidates,
  type Viewer,
} from "~/models/improvement.server";
import { latestClosedRound } from "~/models/scoring.server";
import {
  COST_STATUSES,
  FEASIBILITIES,
  IMPROVEMENT_STATUSES,
  ImprovementsActionSchema,
  ListFiltersSchema,
  VENDOR_STATUSES,
} from "~/schemas/improvement";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/http.server";
import { formatHours, formatMoney } from "~/utils/money";
import { can } from "~/utils/permissions";
import { requireProjectPermission } from "~/utils/permissions.server";
import { requestI18n } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { parseWith, type FieldErrors } from "~/utils/validation";

/**
 * The loader returns the lines the viewer may see and their totals. For a vendor every query is
 * narrowed to its own candidate (listImprovements/visibleCandidates): no other candidate's
 * name, item or price reaches the page or its .data response.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { project, membership } = await requireProjectPermission(
    request,
    params.slug,
    "improvement.view",
  );
  const isVendor = membership.role === "vendor";
  const viewer: Viewer = isVendor
    ? { kind: "vendor", candidateId: membership.candidateId }
    : { kind: "team" };
  const filters = ListFiltersSchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  if (isVendor) filters.candidate = undefined;
  const [{ items, totals }, candidates] = await Promise.all([
    listImprovements(db, project.id, viewer, filters),
    visibleCandidates(db, project.id, viewer),
  ]);
  return {
    items,
    totals,
    candidates,
    filters,
    isVendor,
    vendorUnbound: isVendor && !membership.candidateId,
    canManage: can(
      membership.role,
      "improvement.manage",
      project.archivedAt !== null,
    ),
    currency: project.currency,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const form = await readForm(request);
  const { project, user } = await requireProjectPermission(
    request,
    params.slug,
    "improvement.manage",
  );
  const { t } = await requestI18n(request);
  const back = `/p/${project.slug}/improvements`;
  const intent = String(form.get("intent") ?? "");
  const parsed = parseWith(ImprovementsActionSchema, form, t);
  if (!parsed.ok) {
    const formError =
      intent === "send-selected"
        ? t("improvements.selectSome")
        : t("errors.checkFields");
    return data({ intent, errors: parsed.errors, formError }, { status: 400 });
  }
  const input = parsed.value;
  switch (input.intent) {
    case "generate": {
      if (!(await latestClosedRound(db, project.id))) {
        return redirectWithToast(back, {
          type: "info",
          message: t("improvements.noClosedRound"),
        });
      }
      const result = await suggestImprovements(db, user.id, project.id);
      return redirectWithToast(back, {
        type: "success",
        message: t("improvements.generated", {
          created: result.created,
          existing: result.existing,
          dismissed: result.dismissed,
        }),
      });
    }
    case "send-selected": {
      const result = await sendImprovements(
        db,
        user.id,
        project.id,
        input.codes,
      );
      return redirectWithToast(back, {
        type: result.sent > 0 ? "success" : "info",
        message: t("improvements.selectedSent", result),
      });
    }
    case "create": {
      try {
        const { intent: _, ...fields } = input;
        const created = await createImprovement(
          db,
          user.id,
          project.id,
          fields,
        );
        return redirectWithToast(`${back}/${created.code}`, {
          type: "success",
          message: t("improvements.created", { code: created.code }),
        });
      } catch (error) {
        if (error instanceof ImprovementError) {
          return data(
            {
              intent,
              errors: improvementFieldErrors(error, t),
              formError: null,
            },
            { status: 400 },
          );
        }
        throw error;
      }
    }
  }
}

function improvementFieldErrors(error: ImprovementError, t: T): FieldErrors {
  if (error.reason === "candidate")
    return { candidateId: t("improvements.errors.candidate") };
  if (error.reason === "requirement")
    return {
      requirementCodes: t("improvements.errors.requirement", {
        codes: (error.detail?.codes ?? []).join(", "),
      }),
    };
  return { _form: t("errors.invalid") };
}

type Item = Awaited<ReturnType<typeof loader>>["items"][number];

export default function Improvements() {
  const { t, locale } = useI18n();
  const {
    items,
    totals,
    candidates,
    filters,
    isVendor,
    vendorUnbound,
    canManage,
    currency,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const candidateName = new Map(
    candidates.map((c) => [c.id, `${c.vendor} — ${c.product}`]),
  );
  const filtered = Boolean(
    filters.status || filters.stage || filters.feasibility || filters.candidate,
  );
  const statuses = isVendor ? VENDOR_STATUSES : IMPROVEMENT_STATUSES;
  const errors = result?.intent === "create" ? result.errors : {};

  return (
    <div className="space-y-6">
      <PageHeader
        title={t("improvements.title")}
        description={
          isVendor ? t("improvements.vendorPurpose") : t("improvements.purpose")
        }
        actions={
          canManage ? (
            <Form method="post">
              <input type="hidden" name="intent" value="generate" />
              <Button
                type="submit"
                variant="primary"
                disabled={busy}
                title={t("improvements.generateHint")}
              >
                {t("improvements.generate")}
              </Button>
            </Form>
          ) : null
        }
      />
      {result?.formError ? <FormError message={result.formError} /> : null}
      {vendorUnbound ? (
        <FormError message={t("improvements.vendorUnbound")} />
      ) : null}

      <Form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
        aria-label={t("improvements.filters.label")}
      >
        {!isVendor ? (
          <div className="w-56">
            <SelectField
              label={t("improvements.fields.candidate")}
              name="candidate"
              defaultValue={filters.candidate ?? ""}
              options={[
                { value: "", label: t("improvements.filters.allCandidates") },
                ...candidates.map((c) => ({
                  value: c.id,
                  label: candidateName.get(c.id)!,
                })),
              ]}
            />
          </div>
        ) : null}
        <div className="w-48">
          <SelectField
            label={t("improvements.fields.status")}
            name="status"
            defaultValue={filters.status ?? ""}
            options={[
              { value: "", label: t("improvements.filters.allStatuses") },
              ...statuses.map((s) => ({
                value: s,
                label: t(`improvements.status.${s}`),
              })),
            ]}
          />
        </div>
        <div className="w-36">
          <SelectField
            label={t("improvements.stage.label")}
            name="stage"
            defaultValue={filters.stage ?? ""}
            options={[
              { value: "", label: t("improvements.filters.allStages") },
              ...STAGES.map((s) => ({
                value: s,
                label: t(`improvements.stage.${s}`),
              })),
            ]}
          />
        </div>
        <div className="w-52">
          <SelectField
            label={t("improvements.feasibility.label")}
            name="feasibility"
            defaultValue={filters.feasibility ?? ""}
            options={[
              { value: "", label: t("improvements.filters.allFeasibility") },
              ...FEASIBILITIES.map((f) => ({
                value: f,
                label: t(`improvements.feasibility.${f}`),
              })),
            ]}
          />
        </div>
        <Button type="submit">{t("improvements.filters.apply")}</Button>
        {filtered ? (
          <Link to="." className={buttonClass("ghost")}>
            {t("improvements.filters.reset")}
          </Link>
        ) : null}
      </Form>

      {totals.length > 0 ? (
        <Panel title={t("improvements.totals.title")}>
          <div className="space-y-6">
            {totals.map((c) => (
              <TotalsTable
                key={c.candidateId}
                name={candidateName.get(c.candidateId) ?? ""}
                totals={c.totals}
                awaiting={c.awaiting}
                architecture={c.architecture}
                money={money}
              />
            ))}
            <p className="text-xs text-slate-500">
              {t("improvements.totals.counted")}
            </p>
          </div>
        </Panel>
      ) : null}

      {items.length === 0 ? (
        <EmptyState
          title={
            filtered
              ? t("improvements.emptyFiltered")
              : isVendor
                ? t("improvements.vendorEmpty")
                : t("improvements.empty")
          }
        >
          {!filtered && !isVendor ? t("improvements.emptyHint") : null}
        </EmptyState>
      ) : (
        <>
          {canManage ? (
            <Form
              method="post"
              id="send-selected"
              className="flex items-center gap-3"
            >
              <input type="hidden" name="intent" value="send-selected" />
              <Button type="submit" disabled={busy}>
                {t("improvements.sendSelected")}
              </Button>
            </Form>
          ) : null}
          {candidates
            .filter((c) => items.some((i) => i.candidateId === c.id))
            .map((c) => (
              <Panel key={c.id} title={candidateName.get(c.id)}>
                <ItemTable
                  items={items.filter((i) => i.candidateId === c.id)}
                  selectable={canManage}
                  vendor={isVendor}
                  money={money}
                />
              </Panel>
            ))}
        </>
      )}

      {canManage && candidates.length > 0 ? (
        <Panel title={t("improvements.new")}>
          <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
            <input type="hidden" name="intent" value="create" />
            <SelectField
              label={t("improvements.fields.candidate")}
              name="candidateId"
              options={candidates.map((c) => ({
                value: c.id,
                label: candidateName.get(c.id)!,
              }))}
              error={errors.candidateId}
            />
            <TextField
              label={t("improvements.fields.title")}
              name="title"
              required
              maxLength={200}
              error={errors.title}
            />
            <TextField
              label={t("improvements.fields.requirementCodes")}
              name="requirementCodes"
              hint={t("improvements.fields.requirementCodesHint")}
              error={errors.requirementCodes}
            />
            <SelectField
              label={t("improvements.feasibility.label")}
              name="feasibility"
              options={FEASIBILITIES.map((f) => ({
                value: f,
                label: t(`improvements.feasibility.${f}`),
              }))}
              error={errors.feasibility}
            />
            <div className="sm:col-span-2">
              <TextAreaField
                label={t("improvements.fields.description")}
                name="description"
                maxLength={4000}
                error={errors.description}
              />
            </div>
            <SelectField
              label={t("improvements.stage.label")}
              name="stage"
              options={STAGES.map((s) => ({
                value: s,
                label: t(`improvements.stage.${s}`),
              }))}
            />
            <div className="space-y-2 pt-6 text-sm">
              <label className="flex items-center gap-2">
                <input type="checkbox" name="mustBeforeGoLive" defaultChecked />{" "}
                {t("improvements.mustBeforeGoLive")}
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="sequential" />{" "}
                {t("improvements.sequential")}
              </label>
            </div>
            <div className="sm:col-span-2">
              <Button type="submit" variant="primary" disabled={busy}>
                {t("improvements.create")}
              </Button>
            </div>
          </Form>
        </Panel>
      ) : null}
    </div>
  );
}

/** One candidate's items: a table with a group of rows per stage, so the columns line up. */
function ItemTable({
  items,
  selectable,
  vendor,
  money,
}: {
  items: Item[];
  selectable: boolean;
  vendor: boolean;
  money: (minor: number) => string;
}) {
  const t = useT();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <TableHead
          columns={[
            ...(selectable
              ? [
                  <span key="sel" className="sr-only">
                    {t("common.actions")}
                  </span>,
                ]
              : []),
            t("improvements.fields.code"),
            t("improvements.fields.title"),
            t("improvements.fields.requirements"),
            t("improvements.feasibility.label"),
            t("improvements.fields.status"),
            t("improvements.totals.hours"),
            t("improvements.fields.cost"),
            t("improvements.totals.duration"),
          ]}
        />
        {STAGES.filter((stage) => items.some((i) => i.stage === stage)).map(
          (stage) => (
            <tbody key={stage} className="divide-y divide-slate-100">
              <tr className="bg-slate-50">
                <th
                  scope="colgroup"
                  colSpan={selectable ? 9 : 8}
                  className="px-2 py-1.5 text-left text-sm font-semibold text-slate-700"
                >
                  {t(`improvements.stage.${stage}`)}
                </th>
              </tr>
              <StageRows
                items={items.filter((i) => i.stage === stage)}
                selectable={selectable}
                vendor={vendor}
                money={money}
              />
            </tbody>
          ),
        )}
      </table>
    </div>
  );
}

function StageRows({
  items,
  selectable,
  vendor,
  money,
}: {
  items: Item[];
  selectable: boolean;
  vendor: boolean;
  money: (minor: number) => string;
}) {
  const { t, locale } = useI18n();
  return (
    <>
      {items.map((item) => {
        const counted = (COST_STATUSES as readonly string[]).includes(
          item.status,
        );
        const architecture = item.feasibility === "architecture";
        return (
          <tr
            key={item.id}
            className={architecture ? "bg-red-50/60" : undefined}
          >
            {selectable ? (
              <td className="py-2 pr-3">
                {item.status === "proposed" ? (
                  <input
                    type="checkbox"
                    name="codes"
                    value={item.code}
                    form="send-selected"
                    aria-label={t("improvements.selectItem", {
                      code: item.code,
                    })}
                  />
                ) : null}
              </td>
            ) : null}
            <td className="py-2 pr-3 font-mono whitespace-nowrap">
              <Link
                to={item.code}
                className="text-accent-700 underline-offset-2 hover:underline"
              >
                {item.code}
              </Link>
            </td>
            <td className="py-2 pr-3">
              {item.title}
              <div className="mt-0.5 flex flex-wrap gap-2 text-xs text-slate-500">
                <span>
                  {item.mustBeforeGoLive
                    ? t("improvements.mustBeforeGoLive")
                    : t("improvements.canWait")}
                </span>
                {item.sequential ? (
                  <span>· {t("improvements.sequentialShort")}</span>
                ) : null}
              </div>
            </td>
            <td className="py-2 pr-3 font-mono text-xs">
              {item.requirementCodes.join(", ") || "—"}
            </td>
            <td className="py-2 pr-3">
              <FeasibilityBadge feasibility={item.feasibility} />
            </td>
            <td className="py-2 pr-3">
              <ImprovementStatusBadge status={item.status} vendor={vendor} />
            </td>
            <td className="py-2 pr-3 tabular-nums">
              {item.hoursCenti != null
                ? formatHours(item.hoursCenti, locale)
                : "—"}
            </td>
            <td
              className={`py-2 pr-3 tabular-nums ${counted ? "" : "text-slate-400"}`}
            >
              {item.hoursCenti != null || item.fixedPriceMinor != null
                ? money(itemCostMinor(item))
                : "—"}
            </td>
            <td className="py-2 tabular-nums whitespace-nowrap">
              {item.durationDays != null
                ? t("improvements.totals.days", { count: item.durationDays })
                : "—"}
            </td>
          </tr>
        );
      })}
    </>
  );
}

function TotalsTable({
  name,
  totals,
  awaiting,
  architecture,
  money,
}: {
  name: string;
  totals: ImprovementTotals;
  awaiting: number;
  architecture: number;
  money: (minor: number) => string;
}) {
  const { t, locale } = useI18n();
  const rows = [
    ...STAGES.map((stage) => ({
      key: stage,
      label: t(`improvements.stage.${stage}`),
      line: totals.byStage[stage],
      strong: false,
    })),
    {
      key: "total",
      label: t("improvements.totals.total"),
      line: totals.total,
      strong: true,
    },
    {
      key: "must",
      label: t("improvements.totals.mustBeforeGoLive"),
      line: totals.mustBeforeGoLive,
      strong: false,
    },
  ];
  return (
    <section>
      <h3 className="text-sm font-semibold text-slate-800">
        {t("improvements.totals.forCandidate", { name })}
      </h3>
      <p className="mt-0.5 flex flex-wrap gap-3 text-xs text-slate-600">
        <span>{t("improvements.totals.awaiting", { count: awaiting })}</span>
        {architecture > 0 ? (
          <span className="font-semibold text-red-700">
            ⚠ {t("improvements.totals.architecture", { count: architecture })}
          </span>
        ) : null}
      </p>
      {/* Fixed layout: every candidate's totals line up under each other. */}
      <table className="mt-2 w-full max-w-3xl table-fixed text-sm">
        <colgroup>
          <col className="w-1/4" />
          <col className="w-1/8" />
          <col className="w-1/6" />
          <col className="w-1/4" />
          <col />
        </colgroup>
        <TableHead
          columns={[
            t("improvements.totals.stage"),
            t("improvements.totals.items"),
            t("improvements.totals.hours"),
            t("improvements.totals.cost"),
            t("improvements.totals.duration"),
          ]}
        />
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr
              key={row.key}
              className={
                row.strong
                  ? "border-t-2 border-slate-300 font-semibold"
                  : row.key === "must"
                    ? "text-slate-700 italic"
                    : undefined
              }
            >
              <th scope="row" className="py-1.5 pr-3 text-left font-normal">
                {row.strong ? <strong>{row.label}</strong> : row.label}
              </th>
              <td className="py-1.5 pr-3 tabular-nums">{row.line.items}</td>
              <td className="py-1.5 pr-3 tabular-nums">
                {formatHours(row.line.hoursCenti, locale)}
              </td>
              <td className="py-1.5 pr-3 tabular-nums">
                {money(row.line.costMinor)}
              </td>
              <td className="py-1.5 tabular-nums">
                {t("improvements.totals.days", {
                  count: row.line.durationDays,
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
