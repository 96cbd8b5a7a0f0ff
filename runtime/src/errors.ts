import type { JsonValue } from '@griot/flows';

/**
 * Errors say who must act. `badInput`: the user or client sent something wrong (fix the
 * request). `dependency`: a system Griot relies on failed (operations must act). Anything else
 * is a bug. The HTTP status is chosen only at the edge (api/errorMiddleware.ts).
 */
export type ErrorClass = 'badInput' | 'dependency' | 'bug';

/** Why an input was refused; the edge turns it into 400/401/403/404/409/422/429. */
export type BadInputReason = 'invalid' | 'unauthenticated' | 'forbidden' | 'notFound' | 'conflict' | 'unprocessable' | 'throttled';

/** Where the problem happened, for logs and for whoever reads the error. */
export interface ErrorContext {
  flowId?: string;
  sessionId?: string;
  nodeId?: string;
}

export interface GriotErrorOptions {
  /** The request field at fault (`document.nodes.3.prompt`). */
  field?: string;
  context?: ErrorContext;
  /** Extra top-level members of the error response (`current`, `issues`, `failures`). */
  body?: Record<string, unknown>;
  /**
   * The values the message is made of (`{version: 1}`, `{required: ['viewer'], roles: ['agent']}`),
   * sent as `error.params` so that a client can say the same thing in its user's language.
   */
  params?: Record<string, JsonValue>;
  cause?: unknown;
  /** When trying again may work (throttled, busy): sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /**
   * Only an operator's change clears it (a setting missing): a 503 then carries no `Retry-After`,
   * which every other 503 does (api/errorMiddleware.ts).
   */
  untilFixed?: boolean;
}

export abstract class GriotError extends Error {
  abstract readonly errorClass: ErrorClass;
  readonly field?: string;
  readonly context: ErrorContext;
  readonly body: Record<string, unknown>;
  readonly params: Record<string, JsonValue>;
  readonly retryAfterSeconds?: number;
  readonly untilFixed: boolean;

  constructor(
    /** Stable machine-readable code: `flow_not_found`, `stale_revision`… */
    readonly code: string,
    message: string,
    options: GriotErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.field !== undefined) this.field = options.field;
    this.context = options.context ?? {};
    this.body = options.body ?? {};
    this.params = options.params ?? {};
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    this.untilFixed = options.untilFixed ?? false;
  }
}

/** The request is wrong: a client or a user must change it. */
export class BadInputError extends GriotError {
  readonly errorClass = 'badInput' as const;
  constructor(
    readonly reason: BadInputReason,
    code: string,
    message: string,
    options: GriotErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

/** A database, backend or platform Griot depends on failed or is unreachable. */
export class DependencyError extends GriotError {
  readonly errorClass = 'dependency' as const;
  constructor(
    /** `unavailable` (503: try again later) or `failed` (502: it answered wrongly). */
    readonly reason: 'unavailable' | 'failed',
    code: string,
    message: string,
    options: GriotErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

export const invalid = (code: string, message: string, options?: GriotErrorOptions) => new BadInputError('invalid', code, message, options);
export const notFound = (code: string, message: string, options?: GriotErrorOptions) => new BadInputError('notFound', code, message, options);
export const conflict = (code: string, message: string, options?: GriotErrorOptions) => new BadInputError('conflict', code, message, options);
export const unprocessable = (code: string, message: string, options?: GriotErrorOptions) => new BadInputError('unprocessable', code, message, options);
export const unauthenticated = (message = 'log in or send a bearer token') => new BadInputError('unauthenticated', 'unauthenticated', message);
/** A role is missing: `params` say which (`required`) and what the caller has (`username`, `roles`). */
export const forbidden = (message: string, params?: Record<string, JsonValue>) => new BadInputError('forbidden', 'forbidden', message, params ? { params } : {});
/** Too many attempts: the client must wait (429 with `Retry-After`, also in the body). */
export const throttled = (code: string, message: string, retryAfterSeconds: number, body: Record<string, unknown> = {}) =>
  new BadInputError('throttled', code, message, { retryAfterSeconds, body: { ...body, retryAfterSeconds } });

export function errorClassOf(error: unknown): ErrorClass {
  return error instanceof GriotError ? error.errorClass : 'bug';
}
