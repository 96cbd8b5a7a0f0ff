// rate-limiter-flexible declares RateLimiterStoreAbstract in its types but exports it only from
// its lib/ folder; the base of every store-backed limiter, it is what ours over the Store extends.
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js' {
  import { RateLimiterStoreAbstract } from 'rate-limiter-flexible';
  export default RateLimiterStoreAbstract;
}
