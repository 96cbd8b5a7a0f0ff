import type { versionLabelFr } from './versionLabelFr.ts';

/** Version labels in English (under `versionLabel` in the designer's dictionary). */
export const versionLabelEn: typeof versionLabelFr = {
  field: 'Version name (optional)',
  placeholder: 'Ramadan 2027',
  help: 'A telling name to find the version again; can be changed later.',
  name: 'Name this version…',
  rename: 'Rename this version…',
  title: 'Name of version %{n}',
  remove: 'Remove the name',
  saved: 'Version %{n} named “%{label}”.',
  removed: 'Version %{n} no longer has a name.',
  labelOf: 'Name of version %{n}: %{label}',
  importedClaim: 'Imported. According to the file (not checked): %{author}, %{date}',
  importedMessage: 'Message in the file: “%{message}”',
};
