/**
 * `--profile all`'s closing table: one line per profile of the sequence, read
 * back from each run's folder (its categories' results and verdicts), so what
 * it says is what the reports of that folder say.
 */
import type { Profile } from '../profiles/profiles.ts'
import { readRunArtifacts } from '../report/artifacts.ts'
import { formatClock } from '../report/progress-line.ts'
import { formatPercent, padEnd, padStart } from '../report/format.ts'

export interface ProfileOutcome {
  profile: Profile
  runDir: string
  /** The run's exit code, after the stress and report-only rules (0 for a breach that was expected). */
  code: number
  elapsedMs: number
}

/** What a profile's run came to, in a word or two. */
function outcomeText(outcome: ProfileOutcome, failedCategories: string[]): string {
  if (outcome.code === 130) return 'stopped'
  if (failedCategories.length > 0) return `${outcome.code === 0 ? 'budgets broke, not failing the build' : 'FAIL'}: ${failedCategories.join(', ')}`
  return outcome.code === 0 ? 'PASS' : `FAIL (exit ${outcome.code})`
}

export function sequenceSummary(outcomes: ProfileOutcome[]): string {
  const lines = outcomes.map((outcome) => {
    const runs = readRunArtifacts(outcome.runDir)
    const requests = runs.reduce((sum, { result }) => sum + result.total.requests, 0)
    const failures = runs.reduce((sum, { result }) => sum + result.total.failures, 0)
    const failed = runs.filter(({ verdict }) => !verdict.pass).map(({ result }) => result.name)
    return [
      padEnd(outcome.profile.name, 10),
      padStart(formatClock(outcome.elapsedMs), 8),
      padStart(`${runs.length} categories`, 14),
      padStart(`${requests} requests`, 18),
      padStart(`${formatPercent(requests === 0 ? 0 : failures / requests)} failed`, 14),
      `  ${outcomeText(outcome, failed)}   ${outcome.runDir}`,
    ].join('')
  })
  return ['loadgate: --profile all', ...lines].join('\n')
}
