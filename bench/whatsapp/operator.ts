/**
 * The operator's information system for the WhatsApp, SMS and USSD benchmarks, in a worker
 * thread or a process of its own (a separate system in real life): the runtime's demo backend, knowing every benchmark
 * subscriber, so the 1919 flow's balance look-up succeeds.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createDemoBackend } from '../../runtime/src/demo/demoBackend.ts';
import { demoSubscribers, type DemoSubscriber } from '../../runtime/src/demo/demoSubscribers.ts';
import { worldData, worldPort } from '../worldPort.ts';

export interface OperatorOptions {
  token: string;
  /** International numbers without "+" of the subscribers to know. */
  waIds: string[];
}

const options = worldData as OperatorOptions;
const template = demoSubscribers[0] as DemoSubscriber;
const known = options.waIds.map((waId) => ({ ...template, number: `+${waId}` }));
const app = express().use('/demo-backend', createDemoBackend({ token: () => options.token, subscribers: known, defaultRegion: 'BJ' }));
const server: Server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
server.keepAliveTimeout = 30_000;
worldPort.on('message', () => {
  server.closeAllConnections();
  server.close(() => worldPort.close());
});
worldPort.postMessage({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/demo-backend` });
