/**
 * Image names of the containers environment: settings, with the official
 * images as defaults. scripts/build-images.sh builds local equivalents where
 * no registry can be reached, and prints the settings that select them.
 */
export interface ContainerImages {
  postgres: string
  redis: string
  /** MinIO, or an S3-compatible stand-in with MinIO's container contract. */
  minio: string
  /** The base of the API image (api/Dockerfile's NODE_IMAGE). */
  node: string
}

export const imageSettings = {
  postgres: { variable: 'LOAD_POSTGRES_IMAGE', official: 'postgres:17' },
  redis: { variable: 'LOAD_REDIS_IMAGE', official: 'redis:7' },
  minio: { variable: 'LOAD_MINIO_IMAGE', official: 'minio/minio:latest' },
  node: { variable: 'LOAD_NODE_IMAGE', official: 'node:24-slim' },
} as const

/** The tag given to the API image built from api/Dockerfile. */
export const apiImage = 'loadgate/media-api:local'

export function containerImages(env: NodeJS.ProcessEnv = process.env): ContainerImages {
  const pick = (name: keyof ContainerImages) => env[imageSettings[name].variable]?.trim() || imageSettings[name].official
  return { postgres: pick('postgres'), redis: pick('redis'), minio: pick('minio'), node: pick('node') }
}
