/**
 * A load run whose environment cannot start says so in one line, naming the
 * cause, and fails: never Vitest's "No test files found" and a stack of its
 * internals. The environment here is an external API that is not there.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type NodeRun, runNode } from '../support/run-node.ts'

function runLoadProject(env: NodeJS.ProcessEnv): Promise<NodeRun> {
  return runNode(['node_modules/vitest/vitest.mjs', 'run', '--project', 'load', 'tests/load/health.load.test.ts'], { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' })
}

describe('a load run whose environment cannot start', () => {
  it('names the cause in one line and exits non-zero', async () => {
    const resultsDir = mkdtempSync(join(tmpdir(), 'loadgate-setup-failure-'))
    try {
      const { code, output } = await runLoadProject({ LOAD_ENV: 'external', LOAD_BASE_URL: 'http://127.0.0.1:9', LOAD_RESULTS_DIR: resultsDir })
      expect(code, output).not.toBe(0)
      expect(output).not.toContain('No test files found')
      expect(output).not.toContain('Unhandled Error')
      const causeLines = output.split('\n').filter((line) => line.startsWith('loadgate: the run could not start:'))
      expect(causeLines, output).toHaveLength(1)
      expect(causeLines[0]).toContain('LOAD_BASE_URL=http://127.0.0.1:9 is unreachable')
    } finally {
      rmSync(resultsDir, { recursive: true, force: true })
    }
  })
})
