/**
 * The load test files of the project in the current folder, by category (the
 * file's stem: `files.load.test.ts` -> `files`), so `--only` knows a user's
 * new file by name. A folder with a package.json or a Vitest config of its
 * own is another project (this repository's examples/, and test categories
 * that tests run through a config of their own) and is left out, as
 * node_modules is.
 */
import { existsSync, globSync, readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

export interface LoadTestFile {
  category: string
  /** Relative to the project, as Vitest takes it for a filter. */
  file: string
}

const VITEST_CONFIG = /^vitest(\.[\w-]+)?\.config\.[cm]?[jt]s$/

function inNestedProject(cwd: string, file: string): boolean {
  for (let dir = dirname(file); dir !== '.'; dir = dirname(dir)) {
    if (existsSync(join(cwd, dir, 'package.json'))) return true
    if (readdirSync(join(cwd, dir)).some((name) => VITEST_CONFIG.test(name))) return true
  }
  return false
}

export function findLoadTestFiles(cwd: string = process.cwd()): LoadTestFile[] {
  return globSync('**/*.load.test.ts', { cwd, exclude: ['**/node_modules', 'dist'] })
    .filter((file) => !inNestedProject(cwd, file))
    .sort()
    .map((file) => ({ category: basename(file, '.load.test.ts'), file }))
}
