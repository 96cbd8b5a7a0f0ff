/** A version taken out of production (a roll-back), in French (under `withdrawn` in the designer's dictionary). */
export const withdrawnFr = {
  badge: 'Retirée de la production',
  badgeHelp: 'La production l’a exécutée, puis est revenue à la version %{current}.',
  /** Said to whoever opens the versions panel while the latest version is one production left. */
  notice:
    'La version %{n} a été retirée de la production : celle-ci est revenue à la version %{current}%{when}. Le brouillon part encore de la version %{n} : corrigez ce qui n’allait pas, ou reprenez la version %{current} dans le brouillon, avant de publier à nouveau.',
  when: ' le %{date} (%{who})',
  takeCurrent: 'Reprendre la version %{current} dans le brouillon',
};
