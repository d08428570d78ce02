/** A whole run's verdict in words (each verdict's words are verdict-text.ts's): the matcher's message. */
import { type BudgetVerdict, isMet } from '../engine/verdicts/budget.ts'
import type { RunVerdict } from '../engine/verdicts/run-verdict.ts'
import { baselineLines } from './baseline-text.ts'
import { capacityLines } from './capacity-text.ts'
import { describeViolation } from './verdict-text.ts'

/** Over a warning line only: shown wherever verdicts are, never a failure. */
export function warningsOf(verdicts: BudgetVerdict[]): BudgetVerdict[] {
  return verdicts.filter((v) => !v.passed && v.level === 'warn')
}

function budgetLines(verdicts: BudgetVerdict[]): string {
  const over = verdicts.filter((v) => !isMet(v))
  const warnings = warningsOf(verdicts)
  const warned = warnings.length === 0 ? '' : `\n  ${warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`} (not failures):\n  ${warnings.map(describeViolation).join('\n  ')}`
  if (over.length === 0) return `all ${verdicts.length} budget checks passed${warned}`
  return `${over.length} of ${verdicts.length} budget checks over:\n  ${over.map(describeViolation).join('\n  ')}${warned}`
}

/** The matcher's message, also written beside the results and shown in the reports. */
export function formatRunVerdict(verdict: RunVerdict): string {
  return [budgetsText(verdict), ...baselineLines(verdict), ...capacityLines(verdict)].join('\n')
}

function budgetsText(verdict: RunVerdict): string {
  const outside = verdict.outsideWindows ? `, judged outside its windows (${verdict.outsideWindows.join(', ')})` : ''
  const where = `run "${verdict.name}" (profile ${verdict.profile}${outside})`
  if (!verdict.trustworthy) {
    return `${where} is not trustworthy: the load generator was saturated (${(verdict.untrustworthyBecause ?? []).join('; ')}), so these latencies measure the generator, not the server. Lower the load or give the generator more CPU.`
  }
  if (verdict.endpoint !== undefined && verdict.verdicts.length === 0) return `${where}: no budgeted requests for ${verdict.endpoint}`
  return `${where}: ${budgetLines(verdict.verdicts)}`
}
