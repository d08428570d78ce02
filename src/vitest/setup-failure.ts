/**
 * The global setup's failure as each test file reports it: the one-line reason
 * only, since a stack through this setup file would tell nothing about the cause.
 */
export class SetupFailure extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'SetupFailure'
    this.stack = `${this.name}: ${reason}`
  }
}
