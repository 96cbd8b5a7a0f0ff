import { connect } from 'node:net';

/**
 * The first line a server answers to a raw WebSocket upgrade request for `path` (a full
 * handshake, subprotocol ws.jambonz.org, no credentials), or 'no answer' when a second passes
 * with the socket still open and silent: a server that leaves an upgrade alone never answers.
 */
export function askUpgrade(url: string, path: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise<string>((resolve) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ws.jambonz.org\r\n\r\n`,
      ),
    );
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    setTimeout(() => {
      socket.destroy();
      resolve(answer === '' ? 'no answer' : (answer.split('\r\n')[0] ?? ''));
    }, 1000);
  });
}
