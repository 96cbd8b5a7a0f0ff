import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { unknownGriotVariables } from './unknownGriotVariables.ts';

/**
 * What start-up says about settings that are accepted but probably not what the operator meant:
 * a `GRIOT_*` variable Griot does not read (one line each, with the closest known name, never
 * the value).
 */
export function warnAboutSettings(config: Config, logger: Logger): void {
  for (const { name, suggestion } of unknownGriotVariables(config.env)) {
    logger.warn(
      { event: 'config.unknownVariable', variable: name, ...(suggestion ? { suggestion } : {}) },
      `${name} is not a Griot setting and is ignored${suggestion ? `: did you mean ${suggestion}?` : ''}`,
    );
  }
}
