/**
 * One local service as a fault control sees it: its latest process, and kill,
 * stop and start that are idempotent and run one at a time (a restart never
 * races a kill). Exits these controls cause are deliberate; any other exit is
 * handed to `onUnexpectedExit`.
 */
import { serially } from '../fault-controls.ts'
import type { ExitInfo, SupervisedProcess, Supervisor } from '../process/supervisor.ts'
import type { StartedService } from './service-recipe.ts'

export interface ControlledService {
  /** The latest process; after a kill or stop, the one that exited. */
  readonly process: SupervisedProcess
  kill(): Promise<void>
  stop(): Promise<void>
  start(): Promise<void>
  restart(): Promise<void>
}

export type UnexpectedExitHandler = (process: SupervisedProcess, exit: ExitInfo) => void

export function controlledService(
  supervisor: Supervisor,
  first: StartedService,
  onUnexpectedExit: UnexpectedExitHandler,
): ControlledService {
  const { recipe } = first
  const exited = new WeakSet<SupervisedProcess>()
  const deliberate = new WeakSet<SupervisedProcess>()
  let current = first.process

  const watch = (started: SupervisedProcess) => {
    void started.exited.then((exit) => {
      exited.add(started)
      if (!deliberate.has(started)) onUnexpectedExit(started, exit)
    })
  }
  const end = async (how: 'kill' | 'stop') => {
    if (exited.has(current)) return
    deliberate.add(current)
    await current[how]()
    exited.add(current)
  }
  const start = async () => {
    if (!exited.has(current)) return
    current = await supervisor.spawn(recipe.spec)
    watch(current)
    await recipe.ready(current)
  }
  const serial = serially()

  watch(current)
  return {
    get process() {
      return current
    },
    kill: () => serial(() => end('kill')),
    stop: () => serial(() => end('stop')),
    start: () => serial(start),
    restart: () => serial(async () => {
      await end('stop')
      await start()
    }),
  }
}
