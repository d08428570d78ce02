/**
 * The load suite's verdicts cannot lie: the real files and stats categories,
 * run by Vitest against the real API behind a proxy that corrupts downloads
 * and inflates stats, fail by endpoint and reason; and the test's failure, its
 * meta in the JSON report, the verdict file, the HTML report and the summary
 * all say the same thing, because they all carry the matcher's one verdict.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StartedEnvironment, startEnvironment } from '../../src/env/index.ts'
import type { StoredVerdict } from '../../src/report/artifacts.ts'
import { onlyBudgetFailures } from '../../src/vitest/json-report.ts'
import type { LoadTestMeta } from '../../src/vitest/load-test.ts'
import { readReportModel } from '../support/report-model-file.ts'
import { type NodeRun, runNode } from '../support/run-node.ts'
import { corruptDownloads, inflateStats, startTamperingProxy, type TamperingProxy } from '../support/tampering-proxy.ts'

const work = mkdtempSync(join(tmpdir(), 'loadgate-verdicts-'))
let environment: StartedEnvironment
let proxy: TamperingProxy

beforeAll(async () => {
  environment = await startEnvironment({ kind: 'local', resultsDir: join(work, 'env') })
  proxy = await startTamperingProxy(environment.baseUrl, [corruptDownloads, inflateStats])
})
afterAll(async () => {
  await proxy?.close()
  await environment?.stop()
})

/** `vitest run --project load` on some categories against the proxy, as `npm run load -- --env external` runs it. */
function runCategories(files: string[], resultsDir: string, reportFile: string): Promise<NodeRun> {
  const env = { ...process.env, LOAD_ENV: 'external', LOAD_BASE_URL: proxy.url, LOAD_PROFILE: 'smoke', LOAD_DURATION: '6s', LOAD_RESULTS_DIR: resultsDir }
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--project', 'load', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...files]
  return runNode(args, env)
}

interface JsonReport {
  testResults: { name: string; assertionResults: { status: string; failureMessages: string[]; meta: { loadgate?: LoadTestMeta } }[] }[]
}

describe('checks fail the categories that carry them', () => {
  it('a corrupted download fails files and an inflated stat fails stats, by name and reason, everywhere alike', async () => {
    const resultsDir = join(work, 'run')
    const reportFile = join(work, 'vitest.json')
    const { code, output } = await runCategories(['tests/load/files.load.test.ts', 'tests/load/stats.load.test.ts'], resultsDir, reportFile)
    expect(proxy.tampered).toBeGreaterThan(0)
    expect(code, output).toBe(1)

    const expected = {
      files: 'GET /api/v1/files/:id/content: failure rate 100.00% > budget 0.50% (check failed: bytes match the upload',
      stats: 'GET /api/v1/users/me/stats: failure rate 100.00% > budget 0.50% (check failed: agrees with the uploads',
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport
    const model = readReportModel(join(resultsDir, 'report.html'))
    for (const [category, line] of Object.entries(expected)) {
      const test = report.testResults.find((f) => f.name.endsWith(`${category}.load.test.ts`))?.assertionResults[0]
      expect(test?.status).toBe('failed')
      expect(test?.failureMessages.join('\n')).toContain(line)
      expect(test?.meta.loadgate?.runs).toEqual([{ name: category, judged: true, pass: false, trustworthy: true }])
      const verdict = JSON.parse(readFileSync(join(resultsDir, `${category}.verdict.json`), 'utf8')) as StoredVerdict
      expect(verdict.pass).toBe(false)
      expect(verdict.message).toContain(line)
      expect(test?.failureMessages.join('\n')).toContain(verdict.message.split('\n')[0])
      expect(model.categories.find((c) => c.name === category)?.verdict).toEqual({ status: 'fail', message: verdict.message })
      expect(output).toMatch(new RegExp(`FAIL  ${category}: `))
    }
    // Failed on budgets and nothing else: a stress run would report it rather than fail the build.
    expect(onlyBudgetFailures(reportFile)).toBe(true)
  }, 180_000)
})
