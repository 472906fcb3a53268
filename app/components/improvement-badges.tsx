import { Badge } from '~/components/ui/panel'
import { useT } from '~/i18n'

/**
 * Feasibility of an improvement. "Changes the architecture" is flagged red with an icon and a
 * text label wherever an item appears: such changes are expensive and unstable (PRODUCT.md).
 */
export function FeasibilityBadge({ feasibility }: { feasibility: string }) {
  const t = useT()
  if (feasibility === 'architecture') {
    return (
      <span
        className="inline-flex items-center gap-1 rounded border border-red-300 bg-red-50 px-1.5 py-0.5 text-xs font-semibold text-red-800"
        title={t('improvements.architectureWarning')}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5 fill-current">
          <path d="M8 1 15 14H1L8 1Zm-.75 4.5v4h1.5v-4h-1.5Zm0 5.5v1.5h1.5V11h-1.5Z" />
        </svg>
        {t('improvements.feasibility.architecture')}
      </span>
    )
  }
  return <Badge tone={feasibility === 'risky' ? 'amber' : 'green'}>{t(`improvements.feasibility.${feasibility}`)}</Badge>
}

const STATUS_TONES: Record<string, 'slate' | 'blue' | 'amber' | 'green' | 'red'> = {
  suggested: 'slate',
  proposed: 'slate',
  sent: 'blue',
  estimated: 'amber',
  agreed: 'green',
  rejected: 'red',
  dismissed: 'slate',
}

/** The item's status; a vendor reads "sent" as "awaiting your estimate". */
export function ImprovementStatusBadge({ status, vendor = false }: { status: string; vendor?: boolean }) {
  const t = useT()
  const label = vendor && status === 'sent' ? t('improvements.vendorStatus.sent') : t(`improvements.status.${status}`)
  return <Badge tone={STATUS_TONES[status] ?? 'slate'}>{label}</Badge>
}
