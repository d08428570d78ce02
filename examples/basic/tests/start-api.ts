/**
 * Global setup: starts the project's API in this process, before loadgate's
 * own setup, and points loadgate at it (`LOAD_ENV=external`: nothing else is
 * started). A deployed API needs none of this: `--env external --base-url URL`.
 */
import { startApi } from '../api/server.ts'

export default async function setup(): Promise<() => Promise<void>> {
  const api = await startApi()
  process.env.LOAD_ENV = 'external'
  process.env.LOAD_BASE_URL = api.url
  return api.close
}
