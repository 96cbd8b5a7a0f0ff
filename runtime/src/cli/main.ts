import { Command } from 'commander';
import { validateCommand } from './validateCommand.ts';
import { testCommand } from './testCommand.ts';
import { chatCommand } from './chatCommand.ts';
import { backupCommand } from './backupCommand.ts';
import { restoreCommand } from './restoreCommand.ts';
import { resetPasswordCommand } from './resetPasswordCommand.ts';
import { telegramWebhookCommand } from './telegramWebhookCommand.ts';
import { logKeyCommand } from './logKeyCommand.ts';
import { ConfigError } from '../config.ts';
import { DependencyError } from '../errors.ts';

const program = new Command('griot').description('Griot: IVR and bot flows — validate, test, chat, serve, back up, reset a password');

const exit = (code: number) => {
  process.exitCode = code;
};

program
  .command('validate')
  .description('check a flow; exits 1 when it has errors')
  .argument('<flow>', 'flow JSON file')
  .option('--channels <list>', 'also check it for these channels, comma-separated (ussd,whatsapp), as a publish does for the channels it is bound to')
  .option('--bindings <file>', "also check it for the channels it is bound to in this file: what GET /api/bindings answers ('-': standard input)")
  .action(async (flow: string, options: { channels?: string; bindings?: string }) => exit(await validateCommand(flow, options)));

program
  .command('test')
  .description("run a flow's test cases and print coverage; exits 1 on failure")
  .argument('<flow>', 'flow JSON file')
  .argument('[cases]', 'test cases JSON file (default: the tests inside the flow)')
  .option('-v, --verbose', 'print every conversation')
  .action(async (flow: string, cases: string | undefined, options: { verbose?: boolean }) => exit(await testCommand(flow, cases, options)));

program
  .command('chat')
  .description('talk to a flow in the terminal, as a caller would')
  .argument('<flow>', 'flow JSON file')
  .option('--locale <code>', 'start in this locale')
  .option('--channel <channel>', 'voice | whatsapp | webchat | botframework | messenger', 'voice')
  .option('--caller <number>', 'caller phone number', '+2290197000001')
  .option('--known-locale <code>', 'language the caller is remembered with')
  .option('--fixtures <file>', 'JSON answers for http nodes, by node id')
  .option('--backend <name=url>', 'base URL of a named backend (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
  .action((flow: string, options) => withConfig(() => chatCommand(flow, options)));

program
  .command('serve')
  .description('start the server (same as npm start); configured by environment variables')
  .action(async () => {
    const { serve } = await import('../main.ts');
    exit(await serve());
  });

/** Configuration mistakes are the user's to fix: say which variable, without a stack trace. */
const withConfig = async (run: () => Promise<number>) => {
  try {
    exit(await run());
  } catch (error) {
    // The store out of reach is not the user's setting, nor a bug: one line, exit 69 as the server does.
    if (error instanceof DependencyError && error.code === 'store_unreachable') {
      console.log(`griot: MONGODB_URI: ${error.message}`);
      exit(69);
      return;
    }
    if (!(error instanceof ConfigError)) throw error;
    console.log(`griot: ${error.message}`);
    exit(78);
  }
};

program
  .command('backup')
  .description('write the whole store (and audio prompts) to a JSON file; uses DATA_DIR (or GRIOT_SQLITE_PATH) / MONGODB_URI')
  .argument('<file>', 'backup file to write')
  .option('--no-audio', 'leave recorded audio out')
  .action((file: string, options: { audio: boolean }) => withConfig(() => backupCommand(file, { audio: options.audio })));

program
  .command('restore')
  .description('load a backup into an empty store; uses DATA_DIR (or GRIOT_SQLITE_PATH) / MONGODB_URI')
  .argument('<file>', 'backup file to read')
  .action((file: string) => withConfig(() => restoreCommand(file)));

program
  .command('log-key')
  .description("the #digest the server's logs show for a subscriber's number; uses the server's GRIOT_ANALYTICS_KEY or store (DATA_DIR / MONGODB_URI)")
  .argument('<number>', 'phone number, with or without +')
  .action((number: string) => withConfig(() => logKeyCommand(number)));

program
  .command('telegram')
  .description('the Telegram bot (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET)')
  .command('set-webhook')
  .description("point the bot's webhook at <publicUrl>/telegram/webhook, with the secret token Griot checks")
  .argument('<publicUrl>', "Griot's public HTTPS address, e.g. https://griot.example.com")
  .action((publicUrl: string) => withConfig(() => telegramWebhookCommand(publicUrl)));

const users = program.command('users').description('user accounts; uses DATA_DIR (or GRIOT_SQLITE_PATH) / MONGODB_URI like the server');
users
  .command('reset-password')
  .description('give a user a new random password (shown once) and lift their login blocks; works while the server runs')
  .argument('<username>', 'the account, e.g. admin')
  .action((username: string) => withConfig(() => resetPasswordCommand(username)));

await program.parseAsync(process.argv);
