import type { Migration } from './migrations.ts';

/**
 * Messaging's durable ledger, in the store rather than a side file: it survives the machine with
 * the database and is in backups. `messaging_inbound` is the inbox: a row per inbound message,
 * written before the platform is answered, `received` until processed (or given up on); its
 * payload is kept only while it waits, and settled rows expire (re-delivery marks).
 */
export const messagingMigration: Migration = {
  version: 4,
  name: 'messaging ledger',
  sql: `
    CREATE TABLE messaging_inbound (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      channel TEXT NOT NULL,
      conversation_key TEXT NOT NULL,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      lease_owner TEXT,
      lease_until TEXT,
      received_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      expires_at TEXT,
      payload TEXT,
      progress TEXT,
      last_error TEXT
    );
    -- The recovery pass: unsettled rows that can be processed from their payload, oldest first.
    CREATE INDEX messaging_inbound_due ON messaging_inbound (received_at, seq) WHERE state = 'received' AND payload IS NOT NULL;
    CREATE INDEX messaging_inbound_state ON messaging_inbound (state, received_at);
    CREATE INDEX messaging_inbound_expiry ON messaging_inbound (expires_at) WHERE expires_at IS NOT NULL;
    CREATE TABLE messaging_conversations (
      key TEXT PRIMARY KEY,
      last_inbound TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX messaging_conversations_expiry ON messaging_conversations (expires_at);
    CREATE TABLE messaging_outbound (
      key TEXT PRIMARY KEY,
      conversation_key TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      data TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX messaging_outbound_conversation ON messaging_outbound (conversation_key);
    CREATE INDEX messaging_outbound_expiry ON messaging_outbound (expires_at);
    CREATE TABLE messaging_statuses (
      message_id TEXT PRIMARY KEY,
      expires_at TEXT NOT NULL,
      data TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX messaging_statuses_expiry ON messaging_statuses (expires_at);
  `,
};
