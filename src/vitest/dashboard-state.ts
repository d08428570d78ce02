/**
 * What the dashboard knows of the run: the live channel's messages folded,
 * per category, into the latest snapshot, the seconds seen so far and, once
 * the test has ended, its verdict. The channel replays nothing, so this is
 * the only memory of a category's first seconds.
 */
import { addPoint, type LiveCategory, liveCategoryModel } from '../report/live-model.ts'
import type { ReportModel } from '../report/report-model.ts'
import type { LiveMessage } from './live-channel.ts'

export interface DashboardState {
  /** Folds in a message; false when it changes nothing shown (a verdict for a category never seen). */
  apply(message: LiveMessage): boolean
  model(): ReportModel
}

export function createDashboardState(environment: string, baseUrl: string): DashboardState {
  // In the order the categories started, as the page lists them.
  const categories = new Map<string, LiveCategory>()
  return {
    apply(message) {
      const known = categories.get(message.category)
      if (message.type === 'finished') {
        if (known) known.verdict = message.verdict
        return known !== undefined
      }
      const live = known ?? { snapshot: message.snapshot, budget: message.budget, points: [] }
      live.snapshot = message.snapshot
      live.budget = message.budget
      addPoint(live.points, message.snapshot)
      categories.set(message.category, live)
      return true
    },
    model: () => ({
      title: 'loadgate: live dashboard',
      environment,
      categories: [...categories.values()].map((live) => liveCategoryModel(live, baseUrl)),
    }),
  }
}
