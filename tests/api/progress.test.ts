/**
 * Terminal progress, end to end: a real category run by Vitest as a child
 * (stdout a pipe, as in CI) prints a plain progress line every second with
 * LOAD_PROGRESS=1, from Vitest's main process, so the lines come while the
 * run goes and not inside the per-test console blocks Vitest shows at its end.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

interface Line {
  text: string
  atMs: number
}

/** The child's stdout, line by line, each with when it arrived. */
function runHealthCategory(): Promise<{ code: number | null; lines: Line[]; stderr: string }> {
  const work = mkdtempSync(join(tmpdir(), 'loadgate-progress-'))
  const env = { ...process.env, LOAD_PROGRESS: '1', LOAD_DURATION: '6s', LOAD_PROFILE: 'smoke', LOAD_RESULTS_DIR: join(work, 'run') }
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--project', 'load', '--reporter=default', 'tests/load/health.load.test.ts']
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: Line[] = []
  let partial = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n')
    partial = parts.pop() ?? ''
    for (const text of parts) lines.push({ text, atMs: performance.now() })
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, lines, stderr })))
}

const PROGRESS = /^health {2}(\d+):(\d\d)\/0:06 {2}users \d+ {2}requests (\d+) {2}rps [\d.]+ {2}p50 .* {2}\(budget: (ok|over: .*)\)$/

describe('terminal progress', () => {
  it('prints a line a second with rising counts from the main process, outside the per-test console blocks', async () => {
    const { code, lines, stderr } = await runHealthCategory()
    const output = lines.map((l) => l.text).join('\n')
    expect(code, `${output}\n${stderr}`).toBe(0)

    const progress = lines.flatMap((line, index) => {
      const match = PROGRESS.exec(line.text)
      return match ? [{ index, atMs: line.atMs, elapsedSec: Number(match[1]) * 60 + Number(match[2]), requests: Number(match[3]) }] : []
    })
    expect(progress.length, output).toBeGreaterThanOrEqual(4)
    for (const [i, line] of progress.entries()) {
      if (i === 0) continue
      const before = progress[i - 1] as (typeof progress)[number]
      expect(line.elapsedSec).toBeGreaterThan(before.elapsedSec)
      expect(line.elapsedSec).toBeLessThanOrEqual(before.elapsedSec + 2)
      expect(line.requests).toBeGreaterThanOrEqual(before.requests)
      // Printed as they come, about a second apart (not all at once when the test ends).
      expect(line.atMs - before.atMs).toBeGreaterThan(500)
      expect(line.atMs - before.atMs).toBeLessThan(1800)
    }
    expect((progress.at(-1)?.requests ?? 0) > (progress[0]?.requests ?? 0)).toBe(true)

    // Vitest heads a worker's console output with `stdout | <file> > <test>`; no progress line is under one.
    for (const { index } of progress) {
      const above = lines.slice(0, index).map((l) => l.text).filter((t) => t.trim() !== '' && !PROGRESS.test(t)).at(-1) ?? ''
      expect(above).not.toMatch(/^(stdout|stderr) \|/)
    }
    expect(output).toMatch(/^health {2}done: PASS$/m)
  }, 180_000)
})
