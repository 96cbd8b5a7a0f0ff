import { Command } from 'commander';
import { validateCommand } from './validateCommand.ts';
import { testCommand } from './testCommand.ts';
import { chatCommand } from './chatCommand.ts';

const program = new Command('griot').description('Griot: IVR and bot flows — validate, test, chat, serve, back up');

const exit = (code: number) => {
  process.exitCode = code;
};

program
  .command('validate')
  .description('check a flow; exits 1 when it has errors')
  .argument('<flow>', 'flow JSON file')
  .action(async (flow: string) => exit(await validateCommand(flow)));

program
  .command('test')
  .description("run a flow's test cases and print coverage; exits 1 on failure")
  .argument('<flow>', 'flow JSON file')
  .argument('[cases]', 'test cases JSON file (default: the tests inside the flow)')
  .option('-v, --verbose', 'print every conversation')
  .action(async (flow: string, cases: string | undefined, options: { verbose?: boolean }) =>
    exit(await testCommand(flow, cases, options)));

program
  .command('chat')
  .description('talk to a flow in the terminal, as a caller would')
  .argument('<flow>', 'flow JSON file')
  .option('--locale <code>', 'start in this locale')
  .option('--channel <channel>', 'voice | whatsapp | webchat | botframework', 'voice')
  .option('--caller <number>', 'caller phone number', '+2290197000001')
  .option('--known-locale <code>', 'language the caller is remembered with')
  .option('--fixtures <file>', 'JSON answers for http nodes, by node id')
  .option('--backend <name=url>', 'base URL of a named backend (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
  .action(async (flow: string, options) => exit(await chatCommand(flow, options)));

await program.parseAsync(process.argv);
