/**
 * Watching a run from Vitest's main process: the live channel the test
 * workers post to (live-channel.ts), and from it the terminal's progress
 * lines (progress-printer.ts) and the dashboard (dashboard-server.ts). No
 * channel when neither is wanted: the workers then take no snapshot at all.
 */
import { startDashboard } from './dashboard-server.ts'
import { type LiveEndpoint, startLiveChannel } from './live-channel.ts'
import { printProgress } from './progress-printer.ts'

export interface WatchOptions {
  /** Between progress lines; 0 for none. */
  progressMs: number
  /** The dashboard's port (0: any free one); undefined for no dashboard. */
  dashboardPort: number | undefined
  stopFile: string
  environment: string
  baseUrl: string
}

export interface StartedWatch {
  /** Where the workers post; null when nothing watches. */
  live: LiveEndpoint | null
  close(): Promise<void>
}

export async function startWatching(options: WatchOptions): Promise<StartedWatch> {
  if (options.progressMs === 0 && options.dashboardPort === undefined) return { live: null, close: async () => {} }
  const channel = await startLiveChannel()
  const stopPrinting = options.progressMs > 0 ? printProgress(channel, options.progressMs) : () => {}
  const dashboard = options.dashboardPort === undefined ? undefined : await startDashboard({ ...options, channel, port: options.dashboardPort }).catch(async (error: unknown) => {
    stopPrinting()
    await channel.close()
    throw new Error(`the dashboard could not listen on 127.0.0.1:${options.dashboardPort}: ${error instanceof Error ? error.message : String(error)}`)
  })
  if (dashboard) console.log(`loadgate: dashboard ${dashboard.url}`)
  return {
    live: { url: channel.url, token: channel.token },
    close: async () => {
      // The pages hear the run has ended before the channel goes.
      await dashboard?.close()
      stopPrinting()
      await channel.close()
    },
  }
}
