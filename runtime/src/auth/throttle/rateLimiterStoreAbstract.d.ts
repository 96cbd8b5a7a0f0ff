// rate-limiter-flexible declares RateLimiterStoreAbstract in its types but exports it only from
// its lib/ folder; the base of every store-backed limiter, it is what ours over the Store extends.
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js' {
  import { RateLimiterStoreAbstract } from 'rate-limiter-flexible';
  export default RateLimiterStoreAbstract;
}

// Its answer type, from its own file: the package's index loads every limiter it has (Redis,
// MongoDB, MySQL, DynamoDB…), which a server that uses none of them keeps in memory for nothing.
declare module 'rate-limiter-flexible/lib/RateLimiterRes.js' {
  import { RateLimiterRes } from 'rate-limiter-flexible';
  export default RateLimiterRes;
}
