/**
 * When each arrival of the open model is due. Rates ramp linearly within a
 * stage, so the number of arrivals by time t is a quadratic we can invert:
 * the schedule is computed, never accumulated, and cannot drift.
 */
import type { OpenLoad } from '../options.ts'

interface Segment {
  startMs: number
  durationMs: number
  fromRate: number
  toRate: number
  /** Arrivals due before this segment starts. */
  arrivalsBefore: number
}

export interface ArrivalSchedule {
  totalDurationMs: number
  /** Arrivals due in [0, t), t in ms from the start. */
  arrivalsBy(tMs: number): number
  /** When arrival k (0-based) is due, in ms from the start. */
  dueAtMs(k: number): number
}

function arrivalsWithin(segment: Segment, elapsedMs: number): number {
  const t = Math.min(Math.max(elapsedMs, 0), segment.durationMs) / 1000
  const slope = (segment.toRate - segment.fromRate) / (segment.durationMs / 1000)
  return segment.fromRate * t + (slope * t * t) / 2
}

export function createArrivalSchedule(load: OpenLoad): ArrivalSchedule {
  const segments: Segment[] = []
  let fromRate = load.startRatePerSec ?? load.stages[0]?.ratePerSec ?? 0
  let startMs = 0
  let arrivalsBefore = 0
  for (const stage of load.stages) {
    const segment = { startMs, durationMs: stage.durationMs, fromRate, toRate: stage.ratePerSec, arrivalsBefore }
    segments.push(segment)
    arrivalsBefore += arrivalsWithin(segment, stage.durationMs)
    startMs += stage.durationMs
    fromRate = stage.ratePerSec
  }
  const totalDurationMs = startMs

  const arrivalsBy = (tMs: number): number => {
    const segment = segments.findLast((s) => s.startMs <= tMs) ?? segments[0]
    if (!segment) return 0
    // Arrival k is due when the cumulative count passes k, so arrival 0 is due at t = 0.
    return Math.ceil(segment.arrivalsBefore + arrivalsWithin(segment, tMs - segment.startMs) - 1e-9)
  }

  const dueAtMs = (k: number): number => {
    const segment = segments.findLast((s) => s.arrivalsBefore <= k) ?? segments[0]
    if (!segment) return 0
    const needed = k - segment.arrivalsBefore
    const slope = (segment.toRate - segment.fromRate) / (segment.durationMs / 1000)
    const seconds =
      Math.abs(slope) < 1e-12
        ? needed / segment.fromRate
        : (-segment.fromRate + Math.sqrt(segment.fromRate ** 2 + 2 * slope * needed)) / slope
    return segment.startMs + seconds * 1000
  }

  return { totalDurationMs, arrivalsBy, dueAtMs }
}
