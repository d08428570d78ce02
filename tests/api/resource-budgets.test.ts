/**
 * Resource budgets judged on a real run: Vitest runs a test-only category
 * (tests/support/resources/worker-cpu.load.test.ts) against the real local
 * environment, whose worker is kept busy by the join tasks the load submits,
 * and the package's own glue samples every service and hands the figures to
 * the matcher. A budget on the worker's mean CPU that the worker crosses fails
 * its test, naming the worker and the figure sampled; the same budget as a
 * warning line only is shown as a warning and passes.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { figuresOf } from '../../src/engine/stats/resource-figures.ts'
import type { ResourceSample, RunResult } from '../../src/engine/result.ts'
import type { StoredVerdict } from '../../src/report/artifacts.ts'
import { onlyBudgetFailures } from '../../src/vitest/json-report.ts'
import type { LoadTestMeta } from '../../src/vitest/load-test.ts'
import { runNode } from '../support/run-node.ts'

interface JsonReport {
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[]; meta: { loadgate?: LoadTestMeta } }[] }[]
}

const work = mkdtempSync(join(tmpdir(), 'loadgate-resource-budgets-'))
const read = <T>(file: string): T => JSON.parse(readFileSync(join(work, file), 'utf8')) as T

/** The worker's mean CPU as the reports word it: the figure the verdict must name. */
function workerCpuMean(category: string): string {
  const samples = read<RunResult>(join('run', `${category}.json`)).resources?.services.worker as ResourceSample[]
  expect(samples.length).toBeGreaterThanOrEqual(5)
  const percent = figuresOf('worker', samples).cpuMeanPercent
  console.log(`${category}: worker CPU mean ${percent.toFixed(1)}% of the machine over ${samples.length} samples`)
  return `${percent.toFixed(percent >= 10 ? 0 : 1)}% of the machine`
}

describe('a budget on the worker CPU, on a run that keeps the worker busy', () => {
  it('fails the run over its failure line, naming the worker and the figure; over the warning line only, warns and passes', async () => {
    const reportFile = join(work, 'vitest.json')
    const env = { ...process.env, LOAD_ENV: 'local', LOAD_PROFILE: 'smoke', LOAD_RESULTS_DIR: join(work, 'run') }
    const args = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/support/resources/vitest.resources.config.ts', '--project', 'load', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`]
    const { code, output } = await runNode(args, env)
    expect(code, output).toBe(1)

    const tests = read<JsonReport>('vitest.json').testResults.flatMap((file) => file.assertionResults)
    const failing = tests.find((test) => test.title.includes('failure line'))
    const over = `worker: CPU mean ${workerCpuMean('worker-cpu-fail')} > budget 2.0%`
    expect(failing?.status).toBe('failed')
    // The worker's CPU is the one check over: every latency and failure budget held.
    expect(failing?.failureMessages.join('\n')).toMatch(/: 1 of \d+ budget checks over:\n {2}worker: CPU mean/)
    expect(failing?.failureMessages.join('\n')).toContain(over)
    expect(read<StoredVerdict>('run/worker-cpu-fail.verdict.json')).toMatchObject({ pass: false, trustworthy: true })
    expect(output).toContain(over)

    const warning = tests.find((test) => test.title.includes('warning line'))
    const warned = `worker: CPU mean ${workerCpuMean('worker-cpu-warn')} > warning 2.0%`
    expect(warning?.status).toBe('passed')
    expect(warning?.meta.loadgate?.runs).toEqual([{ name: 'worker-cpu-warn', judged: true, pass: true, trustworthy: true }])
    const { message } = read<StoredVerdict>('run/worker-cpu-warn.verdict.json')
    expect(message).toMatch(/all \d+ budget checks passed\n {2}1 warning \(not failures\):/)
    expect(message).toContain(warned)
    expect(output).toContain(`WARN  worker-cpu-warn`)
    // Failed on a budget and nothing else, as `npm run load` decides its exit code.
    expect(onlyBudgetFailures(reportFile)).toBe(true)
  }, 90_000)
})
