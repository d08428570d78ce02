/** Engine errors: classes with stable codes, as undici's are. */

export class LoadEngineError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'LoadEngineError'
    this.code = code
  }
}

/** A wrong option: thrown before any traffic, naming every problem at once. */
export class InvalidLoadOptionsError extends LoadEngineError {
  readonly problems: string[]
  constructor(problems: string[]) {
    super('ERR_LOAD_INVALID_OPTIONS', `invalid load options:\n  - ${problems.join('\n  - ')}`)
    this.name = 'InvalidLoadOptionsError'
    this.problems = problems
  }
}

/** The target refused or never answered: the run stops instead of recording errors. */
export class UnreachableTargetError extends LoadEngineError {
  readonly url: string
  /** The partial result, when the target went away during the run. */
  result?: unknown
  constructor(url: string, reason: string) {
    super('ERR_LOAD_UNREACHABLE_TARGET', `the target ${url} is unreachable (${reason}); is the API running?`)
    this.name = 'UnreachableTargetError'
    this.url = url
  }
}

/** A baseline that cannot be compared with the run: another category, profile or environment. */
export class BaselineMismatchError extends LoadEngineError {
  readonly problems: string[]
  constructor(problems: string[]) {
    super('ERR_LOAD_BASELINE_MISMATCH', `this baseline cannot be compared with the run:\n  - ${problems.join('\n  - ')}`)
    this.name = 'BaselineMismatchError'
    this.problems = problems
  }
}
