/**
 * Session keys and numbers as logs show them: one function for the runtime and the channels
 * (connectors' channel/logDigest.ts). Keyed: a plain hash of a number is the number to whoever
 * tries them all. The server keys it with a key derived from the analytics key, so a digest stays
 * the same across restarts and instances, and `griot log-key <number>` computes it.
 */
export { logDigestsOf, logKeyOf } from '@griot/connectors';
