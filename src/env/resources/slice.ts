/**
 * The part of a run's resource series that covers one span (a category's
 * run): the samples whose interval's middle falls inside it, so a sample taken
 * mostly before the load began (an idle second) is left out, and one mostly
 * inside is kept. Missed readings are not timestamped, so `problems` is
 * every one the run has had so far, earlier categories' included.
 */
import type { NetworkSample, ResourceSeries } from './types.ts'

const middle = (sample: { timestampSec: number; intervalSec: number }): number => sample.timestampSec - sample.intervalSec / 2

export function sliceResourceSeries(series: ResourceSeries, fromSec: number, toSec: number): ResourceSeries {
  const inside = <S extends { timestampSec: number; intervalSec: number }>(samples: S[]): S[] => samples.filter((s) => middle(s) >= fromSec && middle(s) <= toSec)
  const services = Object.fromEntries(Object.entries(series.services).map(([name, samples]) => [name, inside(samples)])) as ResourceSeries['services']
  return {
    ...series,
    startedAtSec: Math.max(series.startedAtSec, fromSec),
    stoppedAtSec: series.stoppedAtSec === 0 ? toSec : Math.min(series.stoppedAtSec, toSec),
    services,
    ...(series.loopback ? { loopback: inside<NetworkSample>(series.loopback) } : {}),
    problems: series.problems.map((problem) => ({ ...problem })),
  }
}
