// A module resolution hook (node:module register) for running from the TypeScript sources:
// @griot/* packages resolve through their "griot-source" export, as `node --conditions=griot-source`
// would, instead of their compiled dist/.
export function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'griot-source'] });
}
