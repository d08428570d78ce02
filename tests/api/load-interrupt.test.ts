/**
 * Ctrl-C at `npm run load` keeps what was measured: SIGINT to the command's
 * process group (what a terminal sends) mid-category ends that category with
 * its partial results, writes the CSVs, the JSON, report.html and the summary,
 * skips the categories after it, exits 130, and leaves no process behind.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/engine/result.ts'
import { alive } from '../support/process-alive.ts'
import { descendantsOf } from '../support/process-tree.ts'
import { readReportModel } from '../support/report-model-file.ts'

describe('Ctrl-C during npm run load', () => {
  it('keeps the partial results and reports, skips the rest, and stops every process', async () => {
    const resultsDir = mkdtempSync(join(tmpdir(), 'loadgate-interrupt-'))
    const env = { ...process.env, LOAD_RESULTS_DIR: resultsDir, LOAD_ENV: 'local' }
    const child = spawn(process.execPath, ['scripts/load.ts', '--only', 'health,auth', '--duration', '40s'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const pid = child.pid as number
    try {
      while (!output.includes('results in')) {
        expect(alive(pid), output).toBe(true)
        await sleep(100)
      }
      await sleep(8000)
      const started = [pid, ...descendantsOf(pid)]
      expect(started.length).toBeGreaterThan(5)
      process.kill(-pid, 'SIGINT')
      const code = await Promise.race([exited, sleep(60_000).then(() => 'still running')])
      expect(code, output).toBe(130)
      // Vitest picks the order of the files: one category ran and was cut, the other never began.
      const [ran, skipped] = existsSync(join(resultsDir, 'health.json')) ? ['health', 'auth'] : ['auth', 'health']
      const result = JSON.parse(readFileSync(join(resultsDir, `${ran}.json`), 'utf8')) as RunResult
      expect(result.aborted).toBe(true)
      expect(result.total.requests).toBeGreaterThan(0)
      expect(result.durationMs).toBeLessThan(20_000)
      for (const suffix of ['_stats.csv', '_stats_history.csv', '_failures.csv', '.verdict.json']) {
        expect(existsSync(join(resultsDir, `${ran}${suffix}`)), `${ran}${suffix}`).toBe(true)
      }
      expect(readReportModel(join(resultsDir, 'report.html')).categories.map((c) => c.name)).toEqual([ran])
      expect(existsSync(join(resultsDir, `${skipped}.json`))).toBe(false)
      expect(output).toContain('loadgate summary')
      expect(output).toMatch(new RegExp(`(PASS|FAIL) {2}${ran}: \\d+ requests.*\\(aborted\\)`))
      // The command exits once Vitest has; the last services may take a moment more to be reaped.
      await expect.poll(() => started.filter(alive), { timeout: 10_000, interval: 200 }).toEqual([])
    } finally {
      if (alive(pid)) process.kill(-pid, 'SIGKILL')
    }
  }, 120_000)
})
