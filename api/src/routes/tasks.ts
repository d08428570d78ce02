/** Submit join and audio-overlay tasks; list, get and cancel them. */
import type { FastifyInstance } from 'fastify'
import { type FileRow, findFiles } from '../data/files.ts'
import {
  type AudioOverlayParams,
  cancelTask,
  findTask,
  insertTask,
  type JoinParams,
  listTasks,
  type TaskRow,
  type TaskStatus,
  taskStatuses,
  taskView,
} from '../data/tasks.ts'
import { fromDependency } from '../dependency-errors.ts'
import type { AppDeps } from '../deps.ts'
import { conflict, notFound, unprocessable } from '../errors.ts'
import { cancelChannel } from '../events.ts'
import { enqueueTask, removeQueuedTask } from '../queue.ts'
import { type IdParams, idParams, pageQuery, uuid } from './schemas.ts'

const joinSchema = {
  type: 'object',
  required: ['fileIds'],
  additionalProperties: false,
  properties: { fileIds: { type: 'array', items: uuid, minItems: 2, maxItems: 10 } },
} as const

const overlaySchema = {
  type: 'object',
  required: ['videoFileId', 'audioFileId'],
  additionalProperties: false,
  properties: {
    videoFileId: uuid,
    audioFileId: uuid,
    mode: { type: 'string', enum: ['replace', 'mix'], default: 'replace' },
    volume: { type: 'number', minimum: 0, maximum: 2, default: 1 },
    offsetSec: { type: 'number', minimum: 0, maximum: 3600, default: 0 },
  },
} as const

const listSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, status: { type: 'string', enum: taskStatuses } },
} as const

export function taskRoutes(app: FastifyInstance, deps: AppDeps): void {
  const ownedFiles = async (userId: string, ids: string[]): Promise<Map<string, FileRow>> => {
    const rows = await findFiles(deps.pool, userId, [...new Set(ids)])
    const byId = new Map(rows.map((row) => [row.id, row]))
    const missing = ids.find((id) => !byId.has(id))
    if (missing !== undefined) throw notFound(`file ${missing}`)
    return byId
  }
  const submit = async (userId: string, type: TaskRow['type'], params: TaskRow['params']) => {
    const task = await insertTask(deps.pool, userId, type, params)
    await fromDependency('redis', enqueueTask(deps.queue, task.id))
    return taskView(task)
  }

  app.post<{ Body: JoinParams }>('/api/v1/tasks/join', { schema: { body: joinSchema } }, async (request, reply) => {
    const files = await ownedFiles(request.userId, request.body.fileIds)
    const notVideo = [...files.values()].find((file) => file.kind !== 'video')
    if (notVideo !== undefined) throw unprocessable(`file ${notVideo.id} is not a video`)
    return reply.code(202).send(await submit(request.userId, 'join', { fileIds: request.body.fileIds }))
  })

  app.post<{ Body: AudioOverlayParams }>('/api/v1/tasks/audio-overlay', { schema: { body: overlaySchema } }, async (request, reply) => {
    const { videoFileId, audioFileId, mode, volume, offsetSec } = request.body
    const files = await ownedFiles(request.userId, [videoFileId, audioFileId])
    const video = files.get(videoFileId) as FileRow
    const audio = files.get(audioFileId) as FileRow
    if (video.kind !== 'video') throw unprocessable(`file ${videoFileId} is not a video`)
    if (!audio.has_audio) throw unprocessable(`file ${audioFileId} has no audio`)
    if (mode === 'mix' && !video.has_audio) throw unprocessable(`file ${videoFileId} has no audio to mix with; use mode "replace"`)
    const params = { videoFileId, audioFileId, mode, volume, offsetSec }
    return reply.code(202).send(await submit(request.userId, 'audio-overlay', params))
  })

  app.get<{ Querystring: { limit: number; cursor?: string; status?: TaskStatus } }>(
    '/api/v1/tasks',
    { schema: { querystring: listSchema } },
    async (request) => listTasks(deps.pool, request.userId, request.query),
  )

  app.get<{ Params: IdParams }>('/api/v1/tasks/:id', { schema: { params: idParams } }, async (request) => {
    const task = await findTask(deps.pool, request.userId, request.params.id)
    if (task === undefined) throw notFound('task')
    return taskView(task)
  })

  app.delete<{ Params: IdParams }>('/api/v1/tasks/:id', { schema: { params: idParams } }, async (request) => {
    const cancelled = await cancelTask(deps.pool, request.userId, request.params.id)
    if (cancelled === undefined) {
      const task = await findTask(deps.pool, request.userId, request.params.id)
      if (task === undefined) throw notFound('task')
      throw conflict(`task is already ${task.status}`)
    }
    // Queued: the job is removed. Running: the worker holding it kills its ffmpeg.
    const removed = await fromDependency('redis', removeQueuedTask(deps.queue, cancelled.id))
    if (!removed) await fromDependency('redis', deps.redis.publish(cancelChannel, cancelled.id))
    return taskView(cancelled)
  })
}
