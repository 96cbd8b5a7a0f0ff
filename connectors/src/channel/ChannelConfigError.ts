/**
 * A channel setting Griot cannot start with. Names the variable and what is wrong, never its
 * value (it may be a secret); the runtime turns it into its own configuration error (exit 78).
 */
export class ChannelConfigError extends Error {
  override readonly name = 'ChannelConfigError';

  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}
