/** One budget a request counts against: `points` requests per `windowSeconds` for one key. */
export interface RateBudget {
  /** Named in the refusal and the documentation: `address/conversations`, `conversation`… */
  name: string;
  /** The counter: the channel's own prefix and what it counts by (an address, a conversation). */
  key: string;
  /** 0 turns the budget off. */
  points: number;
  windowSeconds: number;
}

/** Which budget was full, and how long until it has room again. */
export interface RateRefusal {
  budget: string;
  retryAfterSeconds: number;
}

/**
 * Limits on what anonymous senders may ask of a public channel (the web chat), given by the
 * runtime: counted in its Store, so every instance sharing the store shares the counts and a
 * restart forgets none of them.
 */
export interface ChannelRateLimits {
  /**
   * Counts one request against every budget, or, when one of them is full, against none that
   * had room (a conversation's flood must not use up its address's budget) and says how long to wait.
   */
  take(budgets: readonly RateBudget[]): Promise<RateRefusal | null>;
  /**
   * The address a client is counted by, from express's `req.ip` (the socket's peer, or the
   * client a trusted proxy names, never an X-Forwarded-For anyone could write): an IPv4
   * address or the /64 network of an IPv6 one.
   */
  addressOf(ip: string | undefined): string;
}
