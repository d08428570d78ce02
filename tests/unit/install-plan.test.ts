/**
 * What the suite does about missing system binaries: installs their Debian
 * packages only as root on Debian/Ubuntu, each package once, and otherwise
 * says what is missing and how to install it.
 */
import { describe, expect, it } from 'vitest'
import { planInstall } from '../../src/env/install-plan.ts'

const rootOnDebian = { isRoot: true, isDebian: true }

describe('planInstall', () => {
  it('does nothing when nothing is missing', () => {
    expect(planInstall([], rootOnDebian)).toEqual({ action: 'none' })
    expect(planInstall([], { isRoot: false, isDebian: false })).toEqual({ action: 'none' })
  })

  it('installs ffmpeg, once, for a missing ffmpeg or ffprobe, as root on Debian', () => {
    expect(planInstall(['ffmpeg'], rootOnDebian)).toEqual({ action: 'apt-get', packages: ['ffmpeg'] })
    expect(planInstall(['ffprobe'], rootOnDebian)).toEqual({ action: 'apt-get', packages: ['ffmpeg'] })
    expect(planInstall(['ffmpeg', 'ffprobe'], rootOnDebian)).toEqual({ action: 'apt-get', packages: ['ffmpeg'] })
  })

  it('installs Redis and ffmpeg together when both are missing', () => {
    expect(planInstall(['redis-server', 'ffmpeg', 'ffprobe'], rootOnDebian)).toEqual({ action: 'apt-get', packages: ['redis-server', 'ffmpeg'] })
  })

  it('refuses when not root, naming what is missing and the command that installs it', () => {
    const plan = planInstall(['ffmpeg', 'ffprobe'], { isRoot: false, isDebian: true })
    expect(plan.action).toBe('refuse')
    const message = plan.action === 'refuse' ? plan.message : ''
    expect(message).toContain('ffmpeg, ffprobe are not on PATH')
    expect(message).toContain('only as root')
    expect(message).toContain('sudo apt-get install -y ffmpeg')
  })

  it('refuses off Debian, even as root, with the commands of other systems', () => {
    const plan = planInstall(['redis-server'], { isRoot: true, isDebian: false })
    expect(plan.action).toBe('refuse')
    const message = plan.action === 'refuse' ? plan.message : ''
    expect(message).toContain('redis-server is not on PATH')
    expect(message).toContain('only on Debian/Ubuntu')
    expect(message).toContain('brew install redis')
  })
})
