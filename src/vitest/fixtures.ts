/** The media fixtures as upload-ready files. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { UploadFile } from '../engine/models/virtual-user.ts'

export interface Fixtures {
  video: UploadFile
  shortVideo: UploadFile
  audio: UploadFile
  notMedia: UploadFile
}

function file(dir: string, filename: string, contentType: string): UploadFile {
  return { filename, contentType, data: readFileSync(join(dir, filename)) }
}

export function loadFixtures(dir: string): Fixtures {
  return {
    video: file(dir, 'test_video.mp4', 'video/mp4'),
    shortVideo: file(dir, 'test_video_2s.mp4', 'video/mp4'),
    audio: file(dir, 'test_audio.mp3', 'audio/mpeg'),
    notMedia: file(dir, 'broken_not_media.mp4', 'video/mp4'),
  }
}
