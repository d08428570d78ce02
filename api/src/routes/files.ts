/** Upload, list, get, download (with Range) and delete files, each scoped to its owner. */
import type { FastifyInstance } from 'fastify'
import { deleteFile, fileView, findFile, listFiles } from '../data/files.ts'
import type { AppDeps } from '../deps.ts'
import { errorBody } from '../http-errors.ts'
import { notFound } from '../errors.ts'
import { parseByteRange } from './byte-range.ts'
import { type IdParams, idParams, pageQuery } from './schemas.ts'
import { receiveUpload } from './upload.ts'

export function fileRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/v1/files', async (request, reply) => {
    const row = await receiveUpload(request, deps)
    return reply.code(201).send(fileView(row))
  })

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/api/v1/files',
    { schema: { querystring: { type: 'object', additionalProperties: false, properties: pageQuery } } },
    async (request) => listFiles(deps.pool, request.userId, request.query.limit, request.query.cursor),
  )

  app.get<{ Params: IdParams }>('/api/v1/files/:id', { schema: { params: idParams } }, async (request) => {
    const file = await findFile(deps.pool, request.userId, request.params.id)
    if (file === undefined) throw notFound('file')
    return fileView(file)
  })

  app.get<{ Params: IdParams }>('/api/v1/files/:id/content', { schema: { params: idParams } }, async (request, reply) => {
    const file = await findFile(deps.pool, request.userId, request.params.id)
    if (file === undefined) throw notFound('file')
    const range = parseByteRange(request.headers.range, file.size_bytes)
    reply.header('accept-ranges', 'bytes')
    if (range.kind === 'unsatisfiable') {
      reply.header('content-range', `bytes */${file.size_bytes}`)
      return reply.code(416).send(errorBody(416, `the file has ${file.size_bytes} bytes`))
    }
    const object = await deps.storage.get(file.storage_key, range.kind === 'part' ? `bytes=${range.start}-${range.end}` : undefined)
    reply
      .type(file.content_type)
      .header('content-length', String(object.contentLength))
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    if (range.kind === 'part') {
      reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size_bytes}`)
    }
    return reply.send(object.body)
  })

  app.delete<{ Params: IdParams }>('/api/v1/files/:id', { schema: { params: idParams } }, async (request, reply) => {
    const storageKey = await deleteFile(deps.pool, request.userId, request.params.id)
    if (storageKey === undefined) throw notFound('file')
    // The row is gone, so the body is unreachable; a failed delete leaves only an orphan object.
    await deps.storage.remove(storageKey).catch((error: Error) => request.log.warn(`orphan object ${storageKey}: ${error.message}`))
    return reply.code(204).send()
  })
}
