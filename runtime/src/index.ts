/** What other packages (benchmarks, an embedding host, the channel connectors' tests) import from `@griot/runtime`. */
export { loadConfig, ConfigError, type Config } from './config.ts';
export { createLogger, type Logger } from './logger.ts';
export { startServer, type RunningServer, type StartOptions } from './server.ts';
export { createApp, type AppDeps, type RouteDeps } from './app.ts';
export { createServices, type AppServices } from './services.ts';
export { requireRole } from './auth/requireRole.ts';
export { BadInputError, DependencyError, GriotError } from './errors.ts';
