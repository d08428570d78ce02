/**
 * `<category>_resources.csv`: every sample of every service, one row each, in
 * time order, for a spreadsheet or a plot of one's own. Byte columns are what
 * moved during the row's interval; an empty cell is a figure the environment
 * does not give (disk under `external`, a CPU limit where a container has none, a service's own network under `local`,
 * where the machine's loopback has rows of its own).
 */
import type { RunResources } from '../engine/result.ts'

const HEADER = ['Timestamp', 'Service', 'Interval (s)', 'CPU % of core', 'CPU % of machine', 'RSS bytes', 'Memory limit bytes', 'CPU limit (CPUs)', 'Disk read bytes', 'Disk write bytes', 'Net rx bytes', 'Net tx bytes']

const cell = (value: number | undefined, digits = 0): string => (value === undefined ? '' : value.toFixed(digits))

export function resourcesCsv(resources: RunResources): string {
  const rows: [number, string[]][] = []
  for (const [service, samples] of Object.entries(resources.services)) {
    for (const s of samples ?? []) {
      rows.push([s.timestampSec, [cell(s.timestampSec, 3), service, cell(s.intervalSec, 3), cell(s.cpuPercentOfCore, 2), cell(s.cpuPercentOfMachine, 2), cell(s.rssBytes), cell(s.memoryLimitBytes), cell(s.cpuLimitCores, 3), cell(s.diskReadBytes), cell(s.diskWriteBytes), cell(s.netRxBytes), cell(s.netTxBytes)]])
    }
  }
  for (const s of resources.loopback ?? []) {
    rows.push([s.timestampSec, [cell(s.timestampSec, 3), 'loopback (machine)', cell(s.intervalSec, 3), '', '', '', '', '', '', '', cell(s.rxBytes), cell(s.txBytes)]])
  }
  rows.sort((a, b) => a[0] - b[0])
  return `${[HEADER, ...rows.map(([, row]) => row)].map((row) => row.join(',')).join('\n')}\n`
}
