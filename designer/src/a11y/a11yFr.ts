/** Accessible names in French (under `a11y` in the designer's dictionary): what screen readers say. */
export const a11yFr = {
  inLocale: '%{field} (%{locale})',
  cell: '%{node}, %{field}, %{locale}',
  edge: 'Lien de « %{source} » (%{output}) vers « %{target} »',
  localeChannel: 'Langue · canal',
  colorScheme: { toDark: 'Passer en mode sombre', toLight: 'Passer en mode clair' },
  canvas: {
    nodeDescription: 'Appuyez sur Entrée ou Espace pour sélectionner un nœud, Suppr pour le retirer, Échap pour désélectionner.',
    nodeDescriptionKeyboardDisabled: 'Appuyez sur Entrée ou Espace pour sélectionner un nœud, puis sur les flèches pour le déplacer. Suppr pour le retirer, Échap pour désélectionner.',
    nodeMoved: 'Nœud déplacé vers %{direction}, position x %{x}, y %{y}',
    edgeDescription: 'Appuyez sur Entrée ou Espace pour sélectionner un lien, Suppr pour le retirer, Échap pour désélectionner.',
    controls: 'Commandes du canevas',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    fitView: 'Voir tout le parcours',
    interactive: 'Verrouiller ou déverrouiller le canevas',
    minimap: 'Vue d’ensemble du parcours',
    handle: 'Point de connexion',
    outputHandle: 'Point de connexion de la sortie « %{output} »',
  },
};
