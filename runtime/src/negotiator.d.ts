// negotiator 1.1.0 ships no types (@types/negotiator describes 0.6, without `preferred`): the part
// Griot uses (runtime/src/api/designerRoutes.ts), the one express's `req.acceptsEncodings()` calls.
declare module 'negotiator' {
  export default class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> });
    /**
     * Those of `available` the request's Accept-Encoding allows (weight above zero, named or by `*`;
     * `identity` allowed unless refused), best first: by weight, then in `preferred`'s order.
     */
    encodings(available: string[], options?: { preferred?: string[] }): string[];
  }
}
