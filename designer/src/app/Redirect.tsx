import { useLayoutEffect } from 'react';
import { replaceRoute } from './router.ts';

/** Goes to `to` in place of the current address (Back does not return here). */
export function Redirect({ to }: { to: string }) {
  useLayoutEffect(() => replaceRoute(to), [to]);
  return null;
}
