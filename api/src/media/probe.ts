/**
 * What ffprobe says a file is. Only real audio/video containers count: ffprobe
 * also "recognises" text (as tty art) and still images, which are not media here.
 */
import { runMediaTool } from './run-process.ts'

export interface MediaInfo {
  kind: 'video' | 'audio'
  durationSec: number
  width: number | null
  height: number | null
  hasAudio: boolean
  formatName: string
}

const mediaContainers = new Set([
  'mov', 'mp4', 'm4a', '3gp', '3g2', 'mj2', 'matroska', 'webm', 'avi', 'mpegts', 'mpeg', 'flv',
  'ogg', 'mp3', 'wav', 'flac', 'aac', 'asf', 'aiff', 'opus',
])

interface ProbeOutput {
  format?: { format_name?: string; duration?: string }
  streams?: { codec_type?: string; width?: number; height?: number; disposition?: { attached_pic?: number } }[]
}

/** Returns undefined when the file is not audio or video. */
export async function probeMedia(ffprobePath: string, file: string, timeoutMs: number): Promise<MediaInfo | undefined> {
  let output: ProbeOutput
  try {
    const json = await runMediaTool(ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { timeoutMs })
    output = JSON.parse(json) as ProbeOutput
  } catch {
    return undefined
  }
  const formatName = output.format?.format_name ?? ''
  const durationSec = Number(output.format?.duration)
  if (!formatName.split(',').some((name) => mediaContainers.has(name))) return undefined
  if (!Number.isFinite(durationSec) || durationSec <= 0) return undefined
  const streams = output.streams ?? []
  const video = streams.find((stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1)
  const hasAudio = streams.some((stream) => stream.codec_type === 'audio')
  if (video === undefined && !hasAudio) return undefined
  return {
    kind: video === undefined ? 'audio' : 'video',
    durationSec,
    width: video?.width ?? null,
    height: video?.height ?? null,
    hasAudio,
    formatName,
  }
}
