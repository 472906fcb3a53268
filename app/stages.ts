/** The workflow a project goes through, in order (PRODUCT.md, steps 2–8). */
export const STAGES = ['processes', 'interviews', 'requirements', 'candidates', 'improvements', 'specification'] as const
export type Stage = (typeof STAGES)[number]
