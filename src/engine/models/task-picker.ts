/** Weighted choices: tasks of a user, and which user type the next user is. */
import type { Task, UserType } from '../options.ts'

/** Picks a task at random in proportion to its weight (Locust's @task(n)). */
export function createTaskPicker(tasks: Task[]): () => Task {
  const weights = tasks.map((task) => task.weight ?? 1)
  const total = weights.reduce((sum, w) => sum + w, 0)
  return () => {
    let point = Math.random() * total
    for (let i = 0; i < tasks.length; i++) {
      point -= weights[i] ?? 0
      if (point < 0) return tasks[i] as Task
    }
    return tasks[tasks.length - 1] as Task
  }
}

/**
 * Assigns user types so that, at any user count, each type's share is as close
 * as it can be to its weight (Locust distributes users this way, not at random).
 */
export function createUserTypeAssigner(types: UserType[]): () => UserType {
  const weights = types.map((type) => type.weight ?? 1)
  const total = weights.reduce((sum, w) => sum + w, 0)
  const counts = types.map(() => 0)
  let assigned = 0
  return () => {
    assigned += 1
    let best = 0
    let bestDeficit = Number.NEGATIVE_INFINITY
    for (let i = 0; i < types.length; i++) {
      const deficit = (assigned * (weights[i] ?? 0)) / total - (counts[i] ?? 0)
      if (deficit > bestDeficit) {
        best = i
        bestDeficit = deficit
      }
    }
    counts[best] = (counts[best] ?? 0) + 1
    return types[best] as UserType
  }
}
