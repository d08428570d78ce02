/** Every LOAD_* and LOADGATE_* switch reads the words people type, and refuses the rest by name. */
import { describe, expect, it } from 'vitest'
import { envSwitch, parseSwitch } from '../../src/vitest/env-switch.ts'
import { parseDashboard } from '../../src/vitest/dashboard-server.ts'
import { DEFAULT_PROGRESS_MS, parseProgress } from '../../src/vitest/progress-printer.ts'

describe('an environment switch', () => {
  it.each(['1', 'true', 'TRUE', 'yes', 'Yes', 'on', ' on '])('%j is on', (text) => {
    expect(parseSwitch(text)).toBe(true)
  })

  it.each([undefined, '', '0', 'false', 'False', 'no', 'off', 'OFF'])('%j is off', (text) => {
    expect(parseSwitch(text)).toBe(false)
  })

  it('refuses another word, naming the variable and the words it takes', () => {
    expect(envSwitch('LOADGATE_CI_REPORTS', { LOADGATE_CI_REPORTS: 'true' })).toBe(true)
    expect(() => envSwitch('LOADGATE_CI_REPORTS', { LOADGATE_CI_REPORTS: 'sometimes' })).toThrow('LOADGATE_CI_REPORTS="sometimes" is not a switch: use 1, true, yes, on or 0, false, no, off')
  })

  it('is read the same by the dashboard and progress variables, where a number stays a port or seconds', () => {
    expect([parseDashboard('true'), parseDashboard('on'), parseDashboard('no'), parseDashboard('8089')]).toEqual([0, 0, undefined, 8089])
    expect([parseProgress('false'), parseProgress('on'), parseProgress('1')]).toEqual([0, DEFAULT_PROGRESS_MS, 1000])
  })
})
