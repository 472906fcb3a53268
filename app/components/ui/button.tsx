import type { ButtonHTMLAttributes } from 'react'

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost'

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-accent-600 text-white hover:bg-accent-700 border-transparent',
  secondary: 'bg-white text-slate-800 hover:bg-slate-100 border-slate-300',
  danger: 'bg-white text-red-700 hover:bg-red-50 border-red-300',
  ghost: 'bg-transparent text-slate-700 hover:bg-slate-100 border-transparent',
}

export function buttonClass(variant: Variant = 'secondary', size: 'sm' | 'md' = 'md') {
  const pad = size === 'sm' ? 'px-2.5 py-1 text-sm' : 'px-3.5 py-2 text-sm'
  return `inline-flex items-center justify-center gap-1.5 rounded-md border font-medium ${pad} ${VARIANTS[variant]} disabled:opacity-50 disabled:cursor-not-allowed`
}

export function Button({
  variant = 'secondary',
  size = 'md',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'sm' | 'md' }) {
  return <button type={type} className={`${buttonClass(variant, size)} ${className}`} {...props} />
}
