import { ChannelConfigError, setTelegramWebhook } from '@griot/connectors';
import { ConfigError } from '../config.ts';

/** `griot telegram set-webhook <publicUrl>`: 0 when Telegram took it, 1 when it refused. */
export async function telegramWebhookCommand(publicUrl: string, env: Record<string, string | undefined> = process.env, print: (line: string) => void = console.log): Promise<number> {
  try {
    const result = await setTelegramWebhook(env, publicUrl);
    print(result.message);
    return result.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof ChannelConfigError) throw new ConfigError(error.variable, error.problem);
    throw error;
  }
}
