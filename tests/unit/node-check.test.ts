/** The Node check: one line naming the version needed, before an old Node meets a `.ts` file. */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { nodeVersionProblem } from '../../src/cli/node-check.js'

describe('the Node check', () => {
  it.each(['22.19.0', '22.20.1', '23.6.0', '24.0.0', '26.1.0'])('accepts %s', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined()
  })

  it.each(['18.20.4', '20.11.1', '22.12.0', '22.18.0', '23.5.0'])('names the version needed and how to get it under %s', (version) => {
    const problem = nodeVersionProblem(version)
    expect(problem).toBe(`loadgate needs Node.js 22.19 or later (this is ${version}); install the current LTS, e.g. \`nvm install 24\` or from https://nodejs.org`)
    expect(problem).not.toContain('\n')
  })

  it('passes silently as the first step of the npm scripts under this Node', () => {
    expect(execFileSync(process.execPath, ['src/cli/node-check.js'], { encoding: 'utf8' })).toBe('')
  })
})
