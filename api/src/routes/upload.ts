/**
 * Receives one multipart file: streamed to a temp file (never held in memory),
 * checked by ffprobe, then streamed to object storage.
 */
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import { type FileRow, insertFile } from '../data/files.ts'
import type { AppDeps } from '../deps.ts'
import { badRequest, payloadTooLarge, unsupportedMedia } from '../errors.ts'
import { probeMedia } from '../media/probe.ts'

const uploadDir = join(tmpdir(), 'media-api-uploads')
/** Room for the multipart boundaries and part headers around the file itself. */
const multipartOverheadBytes = 64 * 1024
const probeTimeoutMs = 15_000

export async function receiveUpload(request: FastifyRequest, deps: AppDeps): Promise<FileRow> {
  const maxBytes = deps.config.maxUploadBytes
  if (Number(request.headers['content-length'] ?? 0) > maxBytes + multipartOverheadBytes) {
    throw payloadTooLarge(`uploads are limited to ${maxBytes} bytes`)
  }
  if (!request.isMultipart()) throw unsupportedMedia('send multipart/form-data with one file field')
  const part = await readFilePart(request, maxBytes)
  await mkdir(uploadDir, { recursive: true })
  const tempPath = join(uploadDir, randomUUID())
  try {
    await saveToTemp(part, tempPath, maxBytes)
    const { size } = await stat(tempPath)
    if (size === 0) throw badRequest('the uploaded file is empty')
    const media = await probeMedia(deps.config.ffprobePath, tempPath, probeTimeoutMs)
    if (media === undefined) throw unsupportedMedia('the file is not audio or video')
    const id = randomUUID()
    const storageKey = `files/${request.userId}/${id}`
    const contentType = /^(audio|video)\/[\w.+-]+$/.test(part.mimetype) ? part.mimetype : `${media.kind}/mp4`
    await deps.storage.put(storageKey, createReadStream(tempPath), contentType)
    const filename = cleanFilename(part.filename)
    return await insertFile(deps.pool, { id, userId: request.userId, filename, contentType, sizeBytes: size, storageKey, media, source: 'upload' })
  } finally {
    await rm(tempPath, { force: true })
  }
}

async function readFilePart(request: FastifyRequest, maxBytes: number): Promise<MultipartFile> {
  let part: MultipartFile | undefined
  try {
    part = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 20, fieldSize: 4096 } })
  } catch (error) {
    throw asClientError(error, 'the multipart body is malformed')
  }
  if (part === undefined) throw badRequest('the form has no file field')
  return part
}

async function saveToTemp(part: MultipartFile, tempPath: string, maxBytes: number): Promise<void> {
  try {
    await pipeline(part.file, createWriteStream(tempPath))
  } catch (error) {
    throw asClientError(error, 'the upload ended before the multipart body was complete')
  }
  if (part.file.truncated) throw payloadTooLarge(`uploads are limited to ${maxBytes} bytes`)
}

/** Size-limit errors keep their 413; anything else the body parser throws is the client's malformed body. */
function asClientError(error: unknown, message: string): Error {
  const status = (error as { statusCode?: number }).statusCode
  if (status === 413 || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return payloadTooLarge((error as Error).message)
  if (status !== undefined && status >= 400 && status < 500) return error as Error
  return badRequest(`${message}: ${(error as Error).message}`)
}

function cleanFilename(raw: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const name = basename(raw.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200)
  return name === '' ? 'upload' : name
}
