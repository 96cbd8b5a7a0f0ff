// jambonz's validators ship without types; these are the functions Griot's conformance tests call.
declare module '@jambonz/verb-specifications' {
  interface Logger {
    info(...args: unknown[]): void;
    debug?(...args: unknown[]): void;
    error?(...args: unknown[]): void;
  }
  export function normalizeJambones(logger: Logger, verbs: unknown): Array<Record<string, unknown>>;
  export function validateVerb(name: string, data: unknown, logger: Logger): void;
  export function validate(logger: Logger, verbs: unknown): void;
}

declare module '@jambonz/schema' {
  interface Logger {
    info(...args: unknown[]): void;
  }
  export function normalizeJambones(logger: Logger, verbs: unknown): Array<Record<string, unknown>>;
  export function validateVerb(name: string, data: unknown, logger: Logger): void;
  export function validate(logger: Logger, verbs: unknown): void;
  export function validateApp(verbs: unknown): { valid: boolean; errors: Array<{ path: string; message: string }> };
}
