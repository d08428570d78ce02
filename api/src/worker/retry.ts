/**
 * Retrying a task's state change across a database outage: a restart, a
 * failover or terminated connections last seconds, and a task whose state
 * write is dropped stays `queued` or `running` for good.
 */

const firstDelayMs = 200
const maxDelayMs = 3000

/** SQLSTATE classes that a retry cannot fix: bad data (22), constraints (23), bad SQL or schema (42). */
function isPermanent(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && /^(22|23|42)[0-9A-Z]{3}$/.test(code)
}

/**
 * Runs `attempt` until it succeeds, a permanent error occurs or `budgetMs`
 * has passed (then rethrows the last error), with doubling delays.
 */
export async function retryTransient<T>(what: string, attempt: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs
  for (let delayMs = firstDelayMs; ; delayMs = Math.min(delayMs * 2, maxDelayMs)) {
    try {
      return await attempt()
    } catch (error) {
      if (isPermanent(error) || Date.now() + delayMs > deadline) throw error
      console.error(`${what}: ${(error as Error).message}; retrying in ${delayMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, delayMs))
    }
  }
}
