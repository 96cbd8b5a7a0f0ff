import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type CDPSession, type Page } from 'playwright-core';

/** The run's directory for the kept profiles (test/support/sharedChromium.ts makes it and removes it at the end). */
export const KEPT_PROFILES = 'DESIGNER_TEST_PROFILES';
/**
 * Set (to anything) to lend the kept profile; unset, every test gets a fresh off-the-record context as
 * before. Off by default: on two real files it was not faster (bench/README.md, ci31).
 */
export const KEEP_PROFILE = 'DESIGNER_TEST_KEEP_PROFILE';

/** Playwright's viewport when a context names none. */
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/**
 * A context's options the kept profile can honour: its locale (one profile per locale), a viewport
 * (set on each page it opens), a scale of 1 and downloads accepted (Playwright's defaults). Any
 * other option (a colour scheme, a storage state, permissions…) gets a fresh context as before.
 */
function keepable(options: BrowserContextOptions): boolean {
  return Object.entries(options).every(([name, value]) => {
    if (value === undefined) return true;
    if (name === 'locale') return typeof value === 'string';
    if (name === 'viewport') return value !== null;
    if (name === 'deviceScaleFactor') return value === 1;
    if (name === 'acceptDownloads') return value === true;
    return false;
  });
}

interface Profile {
  dir: string;
  locale: string | undefined;
  context: BrowserContext | undefined;
  /** The test's context options while it is lent, else undefined. */
  lent: BrowserContextOptions | undefined;
  /** The test did something `release` cannot undo: the profile's Chromium is closed rather than lent again. */
  changed: boolean;
  /** Every origin its pages went to (a new server may get an old one's port): their storage is cleared at each release. */
  origins: Set<string>;
  /** The context's own methods, not the ones a test calls (which lend and release). */
  close: () => Promise<void>;
  newPage: () => Promise<Page>;
  newCDPSession: (page: Page) => Promise<CDPSession>;
}

/** This worker's kept profiles, one per locale; the browser project's workers keep their modules (`isolate: false`). */
const profiles = new Map<string, Profile>();

/**
 * The browser tests' contexts in a profile kept on disk, one Chromium per worker and locale, lent to one
 * test at a time, rather than each test in a new off-the-record context: the designer's scripts are then
 * compiled once per worker (Chromium's HTTP cache and V8 code cache live in the profile), not once per test.
 * Between tests, the context is brought back to a new one's state: its pages closed (and their
 * sessionStorage), its cookies, permissions, routes, extra headers, offline mode and timeouts reset, and
 * every origin's storage cleared (localStorage, IndexedDB, Cache Storage, service workers, cookies);
 * what cannot be undone (an init script, a clock, a binding, a CDP session, a listener on the context)
 * closes that Chromium, and the next test gets it started anew on the same profile, caches included.
 * A test that needs a second user at once, or other options, gets a fresh context from `browser`.
 */
export function withKeptProfile(browser: Browser, launch: Launch): Browser {
  if (!process.env[KEEP_PROFILE] || !process.env[KEPT_PROFILES]) return browser;
  // What this connection lent and not got back yet: `close()` (a file's `afterAll`) takes it back.
  const lentHere = new Map<Profile, BrowserContextOptions>();
  return new Proxy(browser, {
    get(target, property, receiver) {
      if (property === 'newContext') {
        return async (options: BrowserContextOptions = {}) => {
          if (!keepable(options) || profiles.get(options.locale ?? '')?.lent) return target.newContext(options);
          const { profile, context } = await lend(options, launch);
          lentHere.set(profile, options);
          return context;
        };
      }
      if (property === 'close') {
        return async (...args: Parameters<Browser['close']>) => {
          for (const [profile, options] of lentHere) if (profile.lent === options) await release(profile);
          lentHere.clear();
          await target.close(...args);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** How many times a kept profile's Chromium was started in this worker (the harness's own test reads it). */
export let keptProfileLaunches = 0;

type Launch = { executablePath: string; args: string[] };

async function lend(options: BrowserContextOptions, launch: Launch): Promise<{ profile: Profile; context: BrowserContext }> {
  const key = options.locale ?? '';
  let profile = profiles.get(key);
  if (!profile) {
    const dir = join(process.env[KEPT_PROFILES] as string, `worker-${process.pid}-${key || 'default'}`);
    mkdirSync(dir, { recursive: true });
    profile = {
      dir,
      locale: options.locale,
      context: undefined,
      lent: undefined,
      changed: false,
      origins: new Set(),
      close: async () => {},
      newPage: async () => Promise.reject(new Error('not started')),
      newCDPSession: async () => Promise.reject(new Error('not started')),
    };
    profiles.set(key, profile);
  }
  profile.lent = options;
  if (!profile.context) {
    try {
      profile.context = await start(profile, launch);
    } catch (error) {
      profile.lent = undefined;
      throw error;
    }
  }
  return { profile, context: profile.context };
}

async function start(profile: Profile, launch: Launch): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile.dir, {
    ...launch,
    viewport: DEFAULT_VIEWPORT,
    ...(profile.locale ? { locale: profile.locale } : {}),
  });
  keptProfileLaunches++;
  const follow = (page: Page) =>
    page.on('framenavigated', (frame) => {
      const { origin } = new URL(frame.url());
      if (origin.startsWith('http')) profile.origins.add(origin);
    });
  context.on('page', follow);
  context.on('close', () => {
    if (profile.context === context) profile.context = undefined;
  });
  for (const page of context.pages()) await page.close();
  profile.close = context.close.bind(context);
  profile.newCDPSession = context.newCDPSession.bind(context);
  const newPage = context.newPage.bind(context);
  profile.newPage = newPage;
  // The test's own calls: closing lends the profile back; a page opens at the test's viewport.
  Object.assign(context, {
    close: async () => {
      if (profile.lent) await release(profile);
    },
    newPage: async () => {
      const page = await newPage();
      const viewport = profile.lent?.viewport ?? DEFAULT_VIEWPORT;
      if (viewport.width !== DEFAULT_VIEWPORT.width || viewport.height !== DEFAULT_VIEWPORT.height) await page.setViewportSize(viewport);
      return page;
    },
  });
  // What `release` cannot undo marks the profile to be closed at the end of the test.
  const changes = [
    'addInitScript',
    'exposeBinding',
    'exposeFunction',
    'newCDPSession',
    'setGeolocation',
    'setHTTPCredentials',
    'routeFromHAR',
    'routeWebSocket',
    'setStorageState',
    'on',
    'once',
    'addListener',
    'prependListener',
    'prependOnceListener',
  ];
  for (const name of changes) markOnCall(context as unknown as Record<string, unknown>, name, profile);
  for (const name of ['install', 'fastForward', 'pauseAt', 'resume', 'runFor', 'setFixedTime', 'setSystemTime']) markOnCall(context.clock as unknown as Record<string, unknown>, name, profile);
  return context;
}

function markOnCall(target: Record<string, unknown>, name: string, profile: Profile): void {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = (...args: unknown[]) => {
    profile.changed = true;
    return (original as (...a: unknown[]) => unknown).apply(target, args);
  };
}

/** Brings the profile's context back to a new context's state, or closes its Chromium when it cannot. */
async function release(profile: Profile): Promise<void> {
  const context = profile.context;
  profile.lent = undefined;
  if (!context) return;
  try {
    for (const page of context.pages()) await page.close();
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.clearCookies();
    await context.clearPermissions();
    await context.setOffline(false);
    await context.setExtraHTTPHeaders({});
    const timeouts = (context as unknown as { _timeoutSettings?: { setDefaultTimeout(t?: number): void; setDefaultNavigationTimeout(t?: number): void } })._timeoutSettings;
    if (!timeouts) throw new Error('Playwright keeps its timeouts elsewhere now');
    timeouts.setDefaultTimeout(undefined);
    timeouts.setDefaultNavigationTimeout(undefined);
    if (profile.origins.size > 0) {
      // Storage.clearDataForOrigin leaves the HTTP cache (and the code cache with it): what is kept.
      const page = await profile.newPage();
      const cdp = await profile.newCDPSession(page);
      for (const origin of profile.origins) await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      await cdp.detach();
      await page.close();
    }
  } catch {
    profile.changed = true;
  }
  if (profile.changed) {
    profile.context = undefined;
    profile.changed = false;
    await profile.close().catch(() => {});
  }
}
