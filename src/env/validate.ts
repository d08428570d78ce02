/**
 * `--validate`: checks every health endpoint and the WebSocket endpoint of a
 * started (or reached) environment and says what it found, like the inherited
 * suite's `./run_load_tests.sh validate`.
 */
import WebSocket from 'ws'
import type { StartedEnvironment } from './types.ts'

export interface ValidationCheck {
  /** `GET /health/live`, `WS connect /api/v1/ws`. */
  name: string
  url: string
  ok: boolean
  /** HTTP status; 0 when nothing answered. */
  status: number
  durationMs: number
  /** What was found: a body excerpt, the error, or why a status still counts as reachable. */
  detail: string
}

export interface ValidationReport {
  kind: StartedEnvironment['kind']
  baseUrl: string
  description: string
  checks: ValidationCheck[]
  ok: boolean
}

export const healthEndpoints = ['/health/live', '/health/ready', '/api/v1/health'] as const
export const websocketPath = '/api/v1/ws'

const checkTimeoutMs = 5_000
const detailMaxChars = 160

type EnvironmentToValidate = Pick<StartedEnvironment, 'kind' | 'baseUrl' | 'description'>

export async function validateEnvironment(env: EnvironmentToValidate): Promise<ValidationReport> {
  const checks = await Promise.all([
    ...healthEndpoints.map((path) => checkHttp(env.baseUrl, path)),
    checkWebSocket(env.baseUrl, websocketPath),
  ])
  return {
    kind: env.kind,
    baseUrl: env.baseUrl,
    description: env.description,
    checks,
    ok: checks.every((check) => check.ok),
  }
}

export function formatValidationReport(report: ValidationReport): string {
  const lines = [`Validating ${report.kind} environment at ${report.baseUrl}`, `  ${report.description}`, '']
  for (const check of report.checks) {
    const mark = check.ok ? '✓' : '✗'
    const status = check.status === 0 ? 'no answer' : String(check.status)
    lines.push(`${mark} ${check.name.padEnd(24)} ${status.padStart(9)} ${formatMs(check.durationMs).padStart(9)}  ${check.detail}`)
  }
  const failed = report.checks.filter((check) => !check.ok).length
  lines.push('')
  lines.push(
    report.ok
      ? `✓ API is accessible: all ${report.checks.length} checks passed`
      : `✗ API is not ready: ${failed} of ${report.checks.length} checks failed`,
  )
  return lines.join('\n')
}

async function checkHttp(baseUrl: string, path: string): Promise<ValidationCheck> {
  const url = `${baseUrl}${path}`
  const startedAt = performance.now()
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(checkTimeoutMs) })
    const body = await response.text()
    return {
      name: `GET ${path}`,
      url,
      ok: response.ok,
      status: response.status,
      durationMs: performance.now() - startedAt,
      detail: oneLine(body),
    }
  } catch (error) {
    return { name: `GET ${path}`, url, ok: false, status: 0, durationMs: performance.now() - startedAt, detail: describeError(error) }
  }
}

/** Reachable means the upgrade answered: open, or refused for want of a token (401/403). */
function checkWebSocket(baseUrl: string, path: string): Promise<ValidationCheck> {
  const url = `${baseUrl.replace(/^http/, 'ws')}${path}`
  const startedAt = performance.now()
  const name = `WS connect ${path}`
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { handshakeTimeout: checkTimeoutMs })
    const finish = (ok: boolean, status: number, detail: string) => {
      socket.removeAllListeners()
      socket.on('error', () => {})
      socket.terminate()
      resolve({ name, url, ok, status, durationMs: performance.now() - startedAt, detail })
    }
    socket.on('open', () => finish(true, 101, 'connection opened'))
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0
      const needsToken = status === 401 || status === 403
      finish(needsToken, status, needsToken ? 'reachable; refuses connections without a token' : 'upgrade refused')
    })
    socket.on('error', (error) => finish(false, 0, describeError(error)))
  })
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return oneLine(`${error.message}${cause}`)
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > detailMaxChars ? `${flat.slice(0, detailMaxChars - 1)}…` : flat
}

function formatMs(ms: number): string {
  return `${ms.toFixed(1)} ms`
}
