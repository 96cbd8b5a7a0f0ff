import type { Channel } from '../schema/common.ts';
import type { Flow } from '../schema/flow.ts';

/** The named backends allowed to receive a secret, or `'*'` for every named backend. */
export type SecretBinding = readonly string[] | '*';

/**
 * What a deployment's configuration tells lint beyond the flow itself: names and rules, never
 * values. The runtime builds it from GRIOT_FLOW_SECRETS and GRIOT_HTTP_ALLOWED_HOSTS, the
 * designer fetches it from `GET /api/backends`. Without it lint checks the flow alone.
 */
export interface LintContext {
  /** Secret name → the backends that may receive it. A secret not listed is not configured. */
  secretBackends?: Readonly<Record<string, SecretBinding>>;
  /** Hosts an `http` node may call by absolute URL (`api.example.com`, `*.operator.bj`); empty: none. */
  allowedHosts?: readonly string[];
  /**
   * The named backends this server has, per environment: an `http` node naming one that is not
   * there (a typo, a system the operator has not configured) is reported (`http.unknownBackend`),
   * since each of its calls would take the error output. Absent: not checked.
   */
  backendNames?: Readonly<Record<'staging' | 'production', readonly string[]>>;
  /**
   * The named backends this server calls over plain `http://` (not on this machine), per
   * environment: a look-up sending a secret to one is warned about (`http.plainHttpSecret`), the
   * secret crossing the network in clear. Absent: not checked.
   */
  plainHttpBackends?: Readonly<Record<'staging' | 'production', readonly string[]>>;
  /**
   * The channels the flow is bound to: what only matters on a channel (USSD screens, recordings a
   * channel cannot play) is checked for those. Absent: not checked.
   */
  boundChannels?: readonly Channel[];
  /**
   * The flow's latest version: a menu option whose label changed since, while a prompt of its
   * menu still says the old label, is reported (`menu.promptOldLabel`). Absent: not checked.
   */
  previous?: Pick<Flow, 'nodes'>;
  /**
   * The names the flow's recordings library holds (`fon/welcome.wav`): a prompt naming a file not
   * among them is reported (`prompt.recordingNotFound`, kept from production). Absent: not checked.
   */
  recordings?: readonly string[];
}
