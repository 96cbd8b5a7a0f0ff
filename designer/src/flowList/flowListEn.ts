import type { flowListFr } from './flowListFr.ts';

/** The flow list's search, folders and templates in English (under `flowList` in the designer's dictionary). */
export const flowListEn: typeof flowListFr = {
  search: 'Search flows',
  searchPlaceholder: 'Name, id or folder…',
  folder: 'Folder',
  folderFilter: 'Filter by folder',
  allFolders: 'All folders',
  noFolder: 'No folder',
  folderOption: '%{path} (%{count})',
  shown: '%{shown} of %{total}',
  noMatch: 'No flow matches this search.',
  move: 'Move to a folder…',
  moveTitle: 'Folder of “%{name}”',
  folderHelp: 'Separate sub-folders with / (Campaigns/Ramadan). Leave empty to keep the flow out of folders.',
  folderInvalid: 'Names separated by /, none empty.',
  moved: '“%{name}” is now in %{folder}.',
  movedOut: '“%{name}” is no longer in a folder.',
  template: 'Start from',
  templateLocales: 'The template is in French and English; add other languages afterwards.',
  templates: {
    blank: { name: 'Empty flow', description: 'A welcome then a goodbye, in the chosen languages.' },
    selfCare: { name: 'Customer service', description: 'Menu: the balance (a look-up in the operator’s system) or an agent.' },
    survey: { name: 'Satisfaction survey', description: 'A rating from 1 to 5, a recommendation and a written comment.' },
    afterHours: { name: 'After hours', description: 'An agent when the service is open, otherwise the opening time and a callback request.' },
  },
};
