/** Maps an error to the short, stable reason under which failures are grouped. */

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'])
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'])
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, cause } = error as { code?: unknown; cause?: unknown }
  if (typeof code === 'string') return code
  return cause === undefined ? undefined : codeOf(cause)
}

export function failureReasonOf(error: unknown): string {
  const code = codeOf(error)
  if (code && TIMEOUT_CODES.has(code)) return 'timeout'
  if (code && RESET_CODES.has(code)) return 'ECONNRESET'
  if (code) return code
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return message.length > 120 ? `${message.slice(0, 117)}...` : message
}

/** True for the errors that mean nobody is listening at the target. */
export function isUnreachable(reason: string): boolean {
  return UNREACHABLE_CODES.has(reason)
}
