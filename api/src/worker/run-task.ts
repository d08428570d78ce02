/**
 * Runs one task's media work in a scratch directory: fetch the inputs from
 * storage, run ffmpeg, check and store the result as a new file of the user.
 */
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Config } from '../config.ts'
import { type FileRow, findFiles, insertFile } from '../data/files.ts'
import type { AudioOverlayParams, JoinParams, TaskRow } from '../data/tasks.ts'
import type { Pool } from '../db.ts'
import { audioOverlayArgs, type InputFile, joinArgs, progressFromLine } from '../media/commands.ts'
import { probeMedia } from '../media/probe.ts'
import { MediaToolError, runMediaTool } from '../media/run-process.ts'
import type { Storage } from '../storage.ts'

export interface RunTaskDeps {
  config: Config
  pool: Pool
  storage: Storage
}

export async function runTask(
  deps: RunTaskDeps,
  task: TaskRow,
  workDir: string,
  signal: AbortSignal,
  onProgress: (fraction: number) => void,
): Promise<FileRow> {
  const fileIds = task.type === 'join' ? (task.params as JoinParams).fileIds : overlayIds(task.params as AudioOverlayParams)
  const inputs = await fetchInputs(deps, task.user_id, fileIds, workDir)
  const outputPath = join(workDir, 'output.mp4')
  const [first, second] = inputs as [InputFile, InputFile]
  const args = task.type === 'join' ? joinArgs(inputs, outputPath) : audioOverlayArgs(first, second, task.params as AudioOverlayParams, outputPath)
  const expectedSec = task.type === 'join' ? inputs.reduce((sum, input) => sum + input.durationSec, 0) : first.durationSec
  await runMediaTool(deps.config.ffmpegPath, args, {
    timeoutMs: deps.config.ffmpegTimeoutMs,
    signal,
    onStdoutLine: (line) => {
      const fraction = progressFromLine(line, expectedSec)
      if (fraction !== undefined) onProgress(fraction)
    },
  })
  const media = await probeMedia(deps.config.ffprobePath, outputPath, 30_000)
  if (media === undefined) throw new MediaToolError('ERR_MEDIA_FAILED', 'ffmpeg produced no readable media')
  const id = randomUUID()
  const storageKey = `files/${task.user_id}/${id}`
  await deps.storage.put(storageKey, createReadStream(outputPath), 'video/mp4')
  return insertFile(deps.pool, {
    id,
    userId: task.user_id,
    filename: `${task.type}-${task.id}.mp4`,
    contentType: 'video/mp4',
    sizeBytes: (await stat(outputPath)).size,
    storageKey,
    media,
    source: 'task',
  })
}

function overlayIds(params: AudioOverlayParams): string[] {
  return [params.videoFileId, params.audioFileId]
}

async function fetchInputs(deps: RunTaskDeps, userId: string, ids: string[], workDir: string): Promise<InputFile[]> {
  const rows = new Map((await findFiles(deps.pool, userId, [...new Set(ids)])).map((row) => [row.id, row]))
  return Promise.all(
    ids.map(async (id, index) => {
      const row = rows.get(id)
      if (row === undefined) throw new MediaToolError('ERR_MEDIA_FAILED', `input file ${id} no longer exists`)
      const path = join(workDir, `input-${index}`)
      const object = await deps.storage.get(row.storage_key)
      await pipeline(object.body, createWriteStream(path))
      return { path, durationSec: row.duration_sec, width: row.width, height: row.height, hasAudio: row.has_audio }
    }),
  )
}
