// The shapes of the API's answers that the runtime produces and the designer reads: types only,
// so that neither copies the other's (the designer never imports the runtime).
export type * from './translationSuggestions.ts';
export type * from './analyticsReport.ts';
export type * from './handoff.ts';
