/**
 * The package as another team gets it: built, packed with `npm pack`, and
 * installed from the tarball into a copy of examples/basic (its own API,
 * budgets and load tests), whose `loadgate run` passes, and fails naming the
 * endpoint when its API is slowed. Needs the npm registry for vitest and the
 * package's dependencies (the npm cache is preferred).
 */
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)

interface Outcome {
  code: number
  output: string
}

/** A command's exit code and its output, stdout then stderr; a non-zero exit is an outcome, not an error. */
async function outcome(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string }
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}${error}` }
  }
}

async function mustSucceed(command: string, args: string[], cwd: string): Promise<void> {
  const { code, output } = await outcome(command, args, { cwd })
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)
}

/** The user's shell: no LOAD_* setting of this run leaks into theirs. */
function userEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(LOAD_|LOADGATE_|VITEST)/.test(name)))
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra }
}

describe('the packed package in a user project (examples/basic)', () => {
  let work = ''
  let project = ''
  // Registered before the work folder exists, so a failed install leaves nothing behind either.
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'loadgate-example-'))
    project = join(work, 'basic')
    const began = performance.now()
    await mustSucceed('npm', ['run', 'build'], process.cwd())
    await mustSucceed('npm', ['pack', '--pack-destination', work], process.cwd())
    const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) as string)
    cpSync('examples/basic', project, { recursive: true, filter: (source) => !/\/(node_modules|results)$/.test(source) })
    const vitestVersion = (JSON.parse(readFileSync('node_modules/vitest/package.json', 'utf8')) as { version: string }).version
    await mustSucceed('npm', ['install', tarball, `vitest@${vitestVersion}`, '--no-audit', '--no-fund', '--prefer-offline'], project)
    console.log(`built, packed and installed in ${((performance.now() - began) / 1000).toFixed(1)} s`)
  }, 150_000)

  const loadgate = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Outcome> =>
    outcome(join(project, 'node_modules', '.bin', 'loadgate'), ['run', '--duration', '3s', '--progress', 'off', ...args], { cwd: project, env: userEnv(extra) })

  it('passes both categories against its own API', async () => {
    const { code, output } = await loadgate([])
    expect(output).toMatch(/PASS {2}catalogue:/)
    expect(output).toMatch(/PASS {2}health:/)
    expect(code, output).toBe(0)
  }, 60_000)

  it('fails the category whose API is slowed, naming the endpoint over budget', async () => {
    const { code, output } = await loadgate(['--only', 'catalogue'], { API_SLOW_MS: '300' })
    expect(output).toMatch(/FAIL {2}catalogue:/)
    expect(output).toMatch(/GET \/api\/products\/:id: p95 \d+ ms > budget 200 ms/)
    expect(output).not.toMatch(/(PASS|FAIL) {2}health:/)
    expect(code).toBe(1)
  }, 60_000)

  it('says in one line that LOAD_ENV=local is the reference API it does not have', async () => {
    const script = "import('loadgate/env').then((env) => env.startEnvironment({ kind: 'local', resultsDir: 'results' })).catch((error) => console.log(error.code, error.message))"
    const { output } = await outcome(process.execPath, ['--input-type=module', '-e', script], { cwd: project, env: userEnv({}) })
    expect(output).toMatch(/^ERR_ENV_NO_REFERENCE_API LOAD_ENV=local starts loadgate's own reference API.*--env external --base-url URL.*\n$/)
  })
})
