/** Start-up retries and signal handling shared by the API and the worker. */
import { ConfigError, type Config, loadConfig } from './config.ts'

/** Loads the configuration or exits naming every bad variable. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(2)
  }
}

/** Dependencies started alongside this process may need a moment before they answer. */
export async function retryUntil<T>(what: string, attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await attempt()
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`)
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}

/**
 * SIGTERM/SIGINT run `graceful` once, then exit; a second signal runs `forced`
 * (if given) and exits at once, for an operator who will not wait.
 */
export function onShutdown(graceful: () => Promise<void>, forced?: () => Promise<void>): void {
  let stopping = false
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: stopping now`)
      void (forced?.() ?? Promise.resolve()).finally(() => process.exit(1))
      return
    }
    stopping = true
    console.log(`${signal}: shutting down`)
    graceful().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`shutdown: ${error.message}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', handle)
  process.on('SIGINT', handle)
}

/** Runs every closer even when one fails, and reports the first failure. */
export async function closeAll(closers: (() => unknown)[]): Promise<void> {
  const results = await Promise.allSettled(closers.map(async (close) => close()))
  const failure = results.find((result) => result.status === 'rejected')
  if (failure !== undefined) throw failure.reason
}
