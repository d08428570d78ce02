/**
 * ffmpeg argument arrays for the two task types. Every value placed in a filter
 * graph is a number this service produced (ffprobe's sizes) or validated
 * (volume, offset), formatted here; no user text reaches ffmpeg.
 */

export interface InputFile {
  path: string
  durationSec: number
  width: number | null
  height: number | null
  hasAudio: boolean
}

const outputOptions = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-pix_fmt', 'yuv420p', '-movflags', '+faststart']
const commonOptions = ['-hide_banner', '-nostdin', '-y', '-nostats', '-progress', 'pipe:1', '-loglevel', 'error']

/** Even dimensions, as yuv420p requires; 640x360 when ffprobe gave none. */
function frameSize(input: InputFile): { width: number; height: number } {
  const even = (value: number | null, fallback: number) => (value !== null && value > 0 ? Math.floor(value / 2) * 2 : fallback)
  return { width: even(input.width, 640), height: even(input.height, 360) }
}

/** Concatenates the videos, scaled and padded to the first one's size; audio only when all have it. */
export function joinArgs(inputs: InputFile[], outputPath: string): string[] {
  const first = inputs[0]
  if (first === undefined) throw new Error('joinArgs needs at least one input')
  const { width, height } = frameSize(first)
  const withAudio = inputs.every((input) => input.hasAudio)
  const filters: string[] = []
  let concatInputs = ''
  inputs.forEach((_, index) => {
    filters.push(
      `[${index}:v:0]scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
        `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=25,format=yuv420p[v${index}]`,
    )
    concatInputs += `[v${index}]`
    if (withAudio) {
      filters.push(`[${index}:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a${index}]`)
      concatInputs += `[a${index}]`
    }
  })
  filters.push(`${concatInputs}concat=n=${inputs.length}:v=1:a=${withAudio ? 1 : 0}[v]${withAudio ? '[a]' : ''}`)
  const maps = withAudio ? ['-map', '[v]', '-map', '[a]', '-c:a', 'aac'] : ['-map', '[v]']
  return [
    ...commonOptions,
    ...inputs.flatMap((input) => ['-i', input.path]),
    '-filter_complex', filters.join(';'),
    ...maps,
    ...outputOptions,
    outputPath,
  ]
}

export interface OverlayOptions {
  mode: 'replace' | 'mix'
  volume: number
  offsetSec: number
}

/** Puts the audio on the video (replacing or mixed with its own), keeping the video's length. */
export function audioOverlayArgs(video: InputFile, audio: InputFile, options: OverlayOptions, outputPath: string): string[] {
  const volume = clamp(options.volume, 0, 2).toFixed(3)
  const delayMs = Math.round(clamp(options.offsetSec, 0, 86_400) * 1000)
  const overlay = `[1:a:0]aresample=48000,volume=${volume},adelay=${delayMs}:all=1`
  const graph =
    options.mode === 'mix'
      ? `${overlay}[over];[0:a:0]aresample=48000[orig];[orig][over]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[a]`
      : `${overlay},apad[a]`
  return [
    ...commonOptions,
    '-i', video.path,
    '-i', audio.path,
    '-filter_complex', graph,
    '-map', '0:v:0', '-map', '[a]',
    '-c:v', 'copy', '-c:a', 'aac',
    '-t', video.durationSec.toFixed(3),
    '-movflags', '+faststart',
    outputPath,
  ]
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

/** Reads `out_time_us=` lines of `-progress pipe:1` into a 0..1 fraction of the expected length. */
export function progressFromLine(line: string, expectedSec: number): number | undefined {
  const match = /^out_time_us=(\d+)$/.exec(line.trim())
  if (match === null || expectedSec <= 0) return undefined
  return Math.min(1, Number(match[1]) / 1e6 / expectedSec)
}
