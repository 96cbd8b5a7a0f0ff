// The npm `smpp` package (0.5.x) ships without types: the part Griot uses (a session on a
// socket, PDUs with their fields as properties, the SMPP 3.4 status codes, a server for tests).
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    /** A PDU: its header and, as properties, its fields and TLVs (decoded by the library). */
    export interface PDU {
      command: string;
      command_id: number;
      command_status: number;
      sequence_number: number;
      [field: string]: unknown;
      isResponse(): boolean;
      response(options?: Record<string, unknown>): PDU;
    }

    export class Session extends EventEmitter {
      constructor(options: { socket: Socket } | Record<string, unknown>);
      socket: Socket;
      server?: Server;
      send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      pause(): void;
      resume(): void;
      // Shortcuts by command name (bind_transceiver, submit_sm, deliver_sm, enquire_link, unbind…)
      [command: string]: unknown;
    }

    export class Server extends NetServer {
      sessions: Session[];
    }

    export const PDU: {
      new (command: string, options?: Record<string, unknown>): PDU;
      maxLength: number;
    };

    export function connect(options: { url?: string; host?: string; port?: number; tls?: boolean; [key: string]: unknown }, listener?: () => void): Session;
    export function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
    export function createServer(listener?: (session: Session) => void): Server;

    export const errors: Record<string, number>;
    export const consts: {
      ESM_CLASS: Record<string, number>;
      ENCODING: Record<string, number>;
      TON: Record<string, number>;
      NPI: Record<string, number>;
      REGISTERED_DELIVERY: Record<string, number>;
      MESSAGE_STATE: Record<string, number>;
    };
  }
  export = smpp;
}
