/** `--only` knows the project's own categories: its *.load.test.ts files, outside node_modules and nested projects. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { findLoadTestFiles } from '../../src/cli/load-test-files.ts'
import { parseLoadOptions } from '../../src/cli/load-options.ts'

function project(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-files-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  for (const file of files) {
    mkdirSync(join(dir, dirname(file)), { recursive: true })
    writeFileSync(join(dir, file), '')
  }
  return dir
}

describe('the load test files of a project', () => {
  it('names each category after its file, wherever it lives, leaving out node_modules and nested projects (a package.json or a Vitest config of their own)', () => {
    const dir = project([
      'package.json',
      'tests/load/orders.load.test.ts',
      'perf/checkout.load.test.ts',
      'tests/unit/orders.test.ts',
      'node_modules/dep/x.load.test.ts',
      'examples/demo/package.json',
      'examples/demo/tests/demo.load.test.ts',
      'tests/support/slow/vitest.slow.config.ts',
      'tests/support/slow/slow.load.test.ts',
    ])
    expect(findLoadTestFiles(dir)).toEqual([
      { category: 'checkout', file: 'perf/checkout.load.test.ts' },
      { category: 'orders', file: 'tests/load/orders.load.test.ts' },
    ])
  })

  it('lets --only select a new file by name, and names the valid ones for a wrong name', () => {
    const files = [{ category: 'checkout', file: 'perf/checkout.load.test.ts' }]
    expect(parseLoadOptions(['--only', 'checkout'], {}, files)).toMatchObject({ only: ['checkout'], runs: [{ files: ['perf/checkout.load.test.ts'] }] })
    expect(() => parseLoadOptions(['--only', 'orders'], {}, files)).toThrow('unknown category "orders"; valid: checkout')
  })
})
