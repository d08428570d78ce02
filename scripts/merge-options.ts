/** The options of `npm run merge`, parsed and checked all at once. */
import { join } from 'node:path'
import { parseDuration } from '../src/profiles/profiles.ts'
import { parseResultLocation } from '../src/store/result-store.ts'

export interface MergeCliOptions {
  location: string
  shards?: number
  timeoutMs: number
  outDir: string
  help: boolean
}

export const mergeUsage = `Usage: npm run merge -- <location> [options]

  <location>         where the shards wrote their results: s3://bucket/prefix or a directory (LOAD_RESULTS_URL)
  --shards N         how many shards to wait for (default: read from the shards' file names)
  --timeout TIME     how long to wait for every shard: 90s, 10m (default 10m)
  --out DIR          where to write the merged reports (default results/merged-<time>)
  --help             this text`

const FLAGS_WITH_VALUE = new Set(['--shards', '--timeout', '--out'])

function readArgs(argv: string[], problems: string[]): { positional: string[]; values: Map<string, string>; help: boolean } {
  const positional: string[] = []
  const values = new Map<string, string>()
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split(/=(.*)/s, 2) as [string, string | undefined]
    if (flag === '--help') help = true
    else if (FLAGS_WITH_VALUE.has(flag)) {
      const value = inline ?? argv[++i]
      if (value === undefined || value.startsWith('--')) problems.push(`${flag} needs a value`)
      else values.set(flag, value)
    } else if (flag.startsWith('--')) problems.push(`unknown option ${flag}`)
    else positional.push(argv[i] as string)
  }
  return { positional, values, help }
}

export function parseMergeOptions(argv: string[], env: NodeJS.ProcessEnv, now = new Date()): MergeCliOptions {
  const problems: string[] = []
  const { positional, values, help } = readArgs(argv, problems)
  const location = positional[0] ?? env.LOAD_RESULTS_URL ?? ''
  if (positional.length > 1) problems.push(`one location only (got ${positional.join(', ')})`)
  if (!help && !location) problems.push('no location: give s3://bucket/prefix or a directory (or LOAD_RESULTS_URL)')
  const parsed = location ? parseResultLocation(location) : undefined
  if (typeof parsed === 'string') problems.push(parsed)
  const shardsText = values.get('--shards')
  const shards = shardsText === undefined ? undefined : Number(shardsText)
  if (shards !== undefined && !(Number.isInteger(shards) && shards >= 1)) problems.push(`--shards "${shardsText}" is not a whole number >= 1`)
  const timeoutText = values.get('--timeout') ?? '10m'
  const timeoutMs = parseDuration(timeoutText)
  if (timeoutMs === undefined) problems.push(`--timeout "${timeoutText}" is not a duration (examples: 90s, 10m)`)
  if (problems.length > 0) throw new Error(`npm run merge: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}\n\n${mergeUsage}`)
  const outDir = values.get('--out') ?? join('results', `merged-${now.toISOString().replace(/[:.]/g, '-').slice(0, 19)}`)
  return { location, shards, timeoutMs: timeoutMs as number, outDir, help }
}
