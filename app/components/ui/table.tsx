import type { ReactNode } from 'react'

/** The header row of a data table: column headings, left-aligned, scoped for screen readers. */
export function TableHead({ columns }: { columns: ReactNode[] }) {
  return (
    <thead className="text-left text-slate-600">
      <tr>
        {columns.map((label, i) => (
          <th key={i} scope="col" className={`py-2 font-medium ${i < columns.length - 1 ? 'pr-3' : ''}`}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  )
}
