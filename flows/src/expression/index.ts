export { parseExpression, referencedPaths, type Expression, type ParseResult } from './parse.ts';
export { carriedPaths } from './carriedPaths.ts';
export { evaluate, truthy, looseEqual, compare, ExpressionError, EXPRESSION_FUNCTIONS, type Lookup } from './evaluate.ts';
export { MAX_VALUE_CHARS, MAX_STEP_CHARS, FlowLimitError, jsonSizeWithin, type FlowLimitCode } from './valueLimits.ts';
export { renameExpressionVariable } from './renameVariable.ts';
