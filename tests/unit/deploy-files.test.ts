/**
 * The deployment files kept in deploy/ are read as YAML and held to the CLI:
 * every variable they set is one the code reads (a typo would be ignored
 * silently on a cluster), the shard settings are all set, and the shard
 * count agrees between the shards and the merge.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { shardVariables } from '../../src/vitest/shard-config.ts'

/** Every variable the suite's code reads (`env.X`, `process.env.X`), found in its source so the list cannot drift. */
function variablesTheCodeReads(): Set<string> {
  const files = ['vitest.config.ts', ...['scripts', 'src'].flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)))]
  const names = new Set<string>()
  for (const file of files.filter((f) => f.endsWith('.ts'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(match[1] as string)
  }
  return names
}

const read = variablesTheCodeReads()

interface Container {
  command: string[]
  env: { name: string; value: string }[]
}
interface Job {
  kind: string
  metadata: { name: string }
  spec: { completionMode?: string; completions?: number; parallelism?: number; template: { spec: { containers: Container[] } } }
}

const k8s = parseAllDocuments(readFileSync('deploy/kubernetes/load-shards.yaml', 'utf8')).map((d) => d.toJS() as Job)
const jobNamed = (name: string): Job => k8s.find((d) => d.metadata.name === name) as Job
const envOf = (job: Job): Map<string, string> => new Map(job.spec.template.spec.containers.flatMap((c) => c.env.map((e) => [e.name, String(e.value)])))

const workflow = parseAllDocuments(readFileSync('deploy/github-actions/load-shards.yml', 'utf8'))[0]?.toJS() as {
  jobs: Record<string, { env?: Record<string, string>; strategy?: { matrix: { shard: number[] } }; steps?: { run?: string }[] }>
}

describe('deploy/kubernetes', () => {
  const shards = jobNamed('loadgate-shards')
  const merge = jobNamed('loadgate-merge')

  it('sets only variables the code reads', () => {
    for (const job of k8s) for (const name of envOf(job).keys()) expect(read, `${job.metadata.name} sets ${name}`).toContain(name)
  })

  it('runs the shards as an Indexed Job whose size is LOAD_SHARDS, and merges as many', () => {
    const count = Number(envOf(shards).get('LOAD_SHARDS'))
    expect(shards.spec).toMatchObject({ completionMode: 'Indexed', completions: count, parallelism: count })
    for (const name of ['LOAD_START_AT', 'LOAD_RESULTS_URL']) expect(envOf(shards).has(name), name).toBe(true)
    const command = merge.spec.template.spec.containers[0]?.command ?? []
    expect(command.slice(0, 4)).toEqual(['npm', 'run', 'merge', '--'])
    expect(command[command.indexOf('--shards') + 1]).toBe(String(count))
    expect(envOf(merge).get('LOAD_RESULTS_URL')).toBe(envOf(shards).get('LOAD_RESULTS_URL'))
  })
})

describe('deploy/github-actions', () => {
  const shard = workflow.jobs.shard
  const count = shard?.strategy?.matrix.shard.length ?? 0

  it('sets only variables the code reads', () => {
    for (const [job, { env }] of Object.entries(workflow.jobs)) for (const name of Object.keys(env ?? {})) expect(read, `${job} sets ${name}`).toContain(name)
  })

  it('runs a matrix of shards 1..N and merges N from where they wrote', () => {
    expect(shard?.strategy?.matrix.shard).toEqual(Array.from({ length: count }, (_, i) => i + 1))
    expect(shard?.env?.LOAD_SHARD).toBe(`\${{ matrix.shard }}/${count}`)
    for (const name of ['LOAD_START_AT', 'LOAD_RESULTS_URL']) expect(shard?.env?.[name], name).toBeTruthy()
    const mergeRun = workflow.jobs.merge?.steps?.map((s) => s.run ?? '').find((run) => run.startsWith('npm run merge')) ?? ''
    expect(mergeRun).toMatch(new RegExp(`^npm run merge -- ${shard?.env?.LOAD_RESULTS_URL} --shards ${count} `))
  })
})

describe('the shard settings the code reads', () => {
  it('are each read, and each set by a deployment or by its platform', () => {
    for (const name of shardVariables) expect(read, name).toContain(name)
    const k8sSets = [...envOf(jobNamed('loadgate-shards')).keys(), 'JOB_COMPLETION_INDEX'] // set by Kubernetes for an Indexed Job
    const actionsSets = Object.keys(workflow.jobs.shard?.env ?? {})
    const unset = shardVariables.filter((name) => !k8sSets.includes(name) && !actionsSets.includes(name))
    expect(unset).toEqual([])
  })
})
