/** JSON-schema fragments shared by routes; a wrong shape is a 400 before any handler runs. */

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const

export const uuid = { type: 'string', format: 'uuid' } as const

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  cursor: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' },
} as const

export interface IdParams {
  id: string
}
