import { useCallback, useEffect, useRef } from 'react';
import { previewApi } from '../api/previewApi.ts';
import { useUser } from '../app/sessionStore.ts';
import { documentStore, useDocument } from '../store/documentStore.ts';
import { versionsStore, useVersions } from '../versions/versionsStore.ts';
import { defaultSimulatorSettings, readRemembered, remember } from './simulatorDefaults.ts';
import { simulatorStore, type SimulatorSettings } from './simulatorStore.ts';

/**
 * Sets the simulator up for this user and flow when it opens (their remembered choice, else a
 * test number and the staging system: simulatorDefaults.ts), and returns the settings' update that
 * remembers what the user chose.
 */
export function useSimulatorDefaults(): (patch: Partial<SimulatorSettings>) => void {
  const user = useUser();
  const flowId = useDocument((s) => s.flowId);
  const loading = useVersions((s) => s.loading);
  const applied = useRef<string | null>(null);
  const userId = user?.id;
  const userRef = useRef(user);
  userRef.current = user;

  useEffect(() => {
    if (!flowId || !userId || loading) return;
    const key = `${userId}:${flowId}`;
    if (applied.current === key) return;
    applied.current = key;
    if (simulatorStore.getState().sessionId) return;
    const tests = documentStore.getState().doc?.tests ?? [];
    const remembered = readRemembered(userId, flowId);
    if (remembered) {
      const fixturesGone = remembered.backend.kind === 'fixtures' && !tests[remembered.backend.testCase];
      simulatorStore.getState().updateSettings(fixturesGone ? { source: remembered.source, callerNumber: remembered.callerNumber } : remembered);
      return;
    }
    // What the user sets meanwhile wins over the defaults that arrive after it.
    const untouched = simulatorStore.getState().settings;
    previewApi.testNumbers().then(
      (testNumbers) => {
        const doc = documentStore.getState().doc;
        if (simulatorStore.getState().settings !== untouched || simulatorStore.getState().sessionId || documentStore.getState().flowId !== flowId) return;
        const firstFixtures = (doc?.tests ?? []).findIndex((tc) => Object.keys(tc.fixtures).length > 0);
        const patch = defaultSimulatorSettings({
          user: userRef.current,
          flowId,
          environments: versionsStore.getState().environments,
          callsSystems: doc?.nodes.some((n) => n.type === 'http') ?? false,
          testNumbers,
          firstFixtures: firstFixtures >= 0 ? firstFixtures : null,
        });
        if (patch) simulatorStore.getState().updateSettings(patch);
      },
      () => {},
    );
  }, [flowId, userId, loading]);

  return useCallback(
    (patch: Partial<SimulatorSettings>) => {
      simulatorStore.getState().updateSettings(patch);
      if (userId && flowId) remember(userId, flowId, simulatorStore.getState().settings);
    },
    [userId, flowId],
  );
}
