/**
 * `loadgate/vitest`, imported by test files: the `loadTest` fixture, and
 * `toMeetBudgets` registered on import (the setup file registers it too, for
 * files that judge a result they did not make with `run`). The project's
 * config adds the load project with `loadgate/vitest/config`.
 */
import './budget-matcher.ts'

export { type BudgetMatcherOptions, checkBudgets } from './budget-matcher.ts'
export { type LoadFixtures, type LoadTestMeta, loadTest } from './load-test.ts'
export type { MultiUserScenario, OneUserScenario, Scenario, ScenarioUserType, Tasks } from './scenario.ts'
export type { Fixtures } from './fixtures.ts'
