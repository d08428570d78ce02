/**
 * Runs a media tool with an argument array (never a shell) under a time limit
 * and an optional cancel signal, keeping stdout lines for progress and the tail
 * of stderr for the failure reason.
 */
import { spawn } from 'node:child_process'

export class MediaToolError extends Error {
  readonly code: 'ERR_MEDIA_TIMEOUT' | 'ERR_MEDIA_CANCELLED' | 'ERR_MEDIA_FAILED'
  constructor(code: MediaToolError['code'], message: string) {
    super(message)
    this.name = 'MediaToolError'
    this.code = code
  }
}

export interface RunOptions {
  timeoutMs: number
  signal?: AbortSignal
  onStdoutLine?: (line: string) => void
}

const stderrTailChars = 600

export function runMediaTool(command: string, args: string[], options: RunOptions): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal])
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { signal, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderrTail = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      if (options.onStdoutLine === undefined) return
      const lines = stdout.split('\n')
      stdout = lines.pop() ?? ''
      for (const line of lines) options.onStdoutLine(line)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-stderrTailChars)
    })
    child.on('error', (error) => {
      if (timeout.aborted) reject(new MediaToolError('ERR_MEDIA_TIMEOUT', `${command} exceeded its time limit of ${options.timeoutMs} ms`))
      else if (signal.aborted) reject(new MediaToolError('ERR_MEDIA_CANCELLED', `${command} was cancelled`))
      else reject(new MediaToolError('ERR_MEDIA_FAILED', `${command} could not start: ${error.message}`))
    })
    child.on('close', (exitCode) => {
      if (signal.aborted) return
      if (exitCode === 0) resolve(stdout)
      else reject(new MediaToolError('ERR_MEDIA_FAILED', `${command} exited with code ${exitCode}: ${lastLines(stderrTail)}`))
    })
  })
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ')
}
