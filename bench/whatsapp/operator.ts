/**
 * The operator's information system for the WhatsApp benchmark, in a worker thread of its own
 * (a separate system in real life): the runtime's demo backend, knowing every benchmark
 * subscriber, so the 1919 flow's balance look-up succeeds.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import express from 'express';
import { createDemoBackend } from '../../runtime/src/demo/demoBackend.ts';
import { demoSubscribers, type DemoSubscriber } from '../../runtime/src/demo/demoSubscribers.ts';

export interface OperatorOptions {
  token: string;
  /** International numbers without "+" of the subscribers to know. */
  waIds: string[];
}

const options = workerData as OperatorOptions;
const template = demoSubscribers[0] as DemoSubscriber;
const known = options.waIds.map((waId) => ({ ...template, number: `+${waId}` }));
const app = express().use('/demo-backend', createDemoBackend({ token: () => options.token, subscribers: known, defaultRegion: 'BJ' }));
const server: Server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
server.keepAliveTimeout = 30_000;
parentPort!.on('message', () => {
  server.closeAllConnections();
  server.close(() => parentPort!.close());
});
parentPort!.postMessage({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/demo-backend` });
