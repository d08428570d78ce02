/**
 * Makes the media fixtures with ffmpeg: the inherited 5 s 320x240 30 fps H.264
 * clip and 5 s 1 kHz MP3, a few more sizes, and broken files for negative
 * cases. Regenerated when this script changes (its hash is kept beside them).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(import.meta.url)
export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url))

const video = (seconds: number, size: string, rate: number, tone: number | undefined): string[] => [
  ...['-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=${size}:rate=${rate}`],
  ...(tone === undefined ? [] : ['-f', 'lavfi', '-i', `sine=frequency=${tone}:duration=${seconds}`]),
  ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
  ...(tone === undefined ? [] : ['-c:a', 'aac', '-shortest']),
]

/** Each fixture: file name and the ffmpeg arguments before the output path. */
const recipes: Record<string, string[]> = {
  'test_video.mp4': video(5, '320x240', 30, undefined),
  'test_video_2s.mp4': video(2, '320x240', 30, undefined),
  'test_video_with_audio.mp4': video(3, '320x240', 30, 440),
  'test_video_640x480.mp4': video(10, '640x480', 30, undefined),
  'test_audio.mp3': ['-f', 'lavfi', '-i', 'sine=frequency=1000:duration=5', '-c:a', 'libmp3lame', '-q:a', '6'],
  'test_audio_2s.mp3': ['-f', 'lavfi', '-i', 'sine=frequency=500:duration=2', '-c:a', 'libmp3lame', '-q:a', '6'],
}

function scriptHash(): string {
  return createHash('sha256').update(readFileSync(here)).digest('hex').slice(0, 16)
}

export function fixturesAreCurrent(dir = fixturesDir): boolean {
  const stamp = join(dir, '.script-hash')
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === scriptHash()
}

function requireFfmpeg(): void {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' })
  } catch {
    throw new Error('ffmpeg is not installed: the fixtures are made with it. Install it with `apt-get install -y ffmpeg` (Debian/Ubuntu).')
  }
}

export function generateFixtures(dir = fixturesDir): void {
  requireFfmpeg()
  mkdirSync(dir, { recursive: true })
  for (const [name, args] of Object.entries(recipes)) {
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', ...args, join(dir, name)], { stdio: 'inherit' })
  }
  const whole = readFileSync(join(dir, 'test_video.mp4'))
  writeFileSync(join(dir, 'broken_truncated.mp4'), whole.subarray(0, Math.floor(whole.length / 3)))
  writeFileSync(join(dir, 'broken_not_media.mp4'), 'this is a text file wearing an .mp4 name\n')
  writeFileSync(join(dir, 'broken_empty.mp4'), '')
  writeFileSync(join(dir, '.script-hash'), scriptHash())
}

export function ensureFixtures(dir = fixturesDir): void {
  if (!fixturesAreCurrent(dir)) generateFixtures(dir)
}

if (process.argv[1] === here) {
  const began = performance.now()
  generateFixtures()
  console.log(`fixtures written to ${fixturesDir} in ${((performance.now() - began) / 1000).toFixed(1)} s`)
}
