// Starts the real server with the demo for manual checks: `npx tsx designer/test/support/dev-server.ts`.
import { createUser, startGriot } from './griotServer.ts';

const server = await startGriot({ demo: true });
const user = await createUser(server, 'awa', ['editor', 'publisher', 'tester']);
console.log(JSON.stringify({ url: server.url, ...user }));
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
