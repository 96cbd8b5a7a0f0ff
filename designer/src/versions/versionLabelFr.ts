/** Version labels in French (under `versionLabel` in the designer's dictionary). */
export const versionLabelFr = {
  field: 'Nom de la version (facultatif)',
  placeholder: 'Ramadan 2027',
  help: 'Un nom parlant pour retrouver la version ; modifiable ensuite.',
  name: 'Nommer la version…',
  rename: 'Renommer la version…',
  title: 'Nom de la version %{n}',
  remove: 'Retirer le nom',
  saved: 'Version %{n} nommée « %{label} ».',
  removed: 'La version %{n} n’a plus de nom.',
  labelOf: 'Nom de la version %{n} : %{label}',
  /** An imported version: what its file claimed, which nobody checked. */
  importedClaim: 'Importée. Selon le fichier (non vérifié) : %{author}, %{date}',
  importedMessage: 'Message du fichier : « %{message} »',
};
