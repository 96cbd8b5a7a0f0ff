import { Alert, Button, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LintIssue } from '@griot/flows';
import { describeIssue } from '../checks/describeIssue.ts';
import { issueWhere } from '../checks/issueWhere.ts';
import { useDocument } from '../store/documentStore.ts';
import { productionOnlyIssues } from './recordingsMissing.ts';

/**
 * What a notice in the publish dialogs lists: which of the lint issues, in which colour, under
 * which title by default.
 * - `productionOnly`: what production will refuse but staging takes (lint `blocks:
 *   'production'`, a recording still to make in a language without text-to-speech). Testers may
 *   call the version in staging meanwhile; the editor learns now what the caller hears there.
 * - `stale`: translations and recordings made from an earlier first-language text (lint warnings
 *   `translation.stale`). They do not block publishing, but the publisher sees them before callers
 *   hear an outdated text.
 * `namesLanguages`: the recording missing reads « en Fɔngbè » (the flow's name of the language);
 * a stale translation keeps its code (« en EN »), as the translations table heads its columns.
 */
const kinds = {
  productionOnly: {
    pick: productionOnlyIssues,
    color: 'orange',
    className: 'publish-production-only',
    titleKey: 'publish.productionOnlyTitle',
    helpKey: 'publish.productionOnlyHelp',
    namesLanguages: true,
  },
  stale: {
    pick: (issues: LintIssue[]) => issues.filter((i) => i.code === 'translation.stale'),
    color: 'grape',
    className: 'publish-stale',
    titleKey: 'stale.publishTitle',
    helpKey: undefined,
    namesLanguages: false,
  },
} as const;

/**
 * A notice of the publish dialog (also of the publication request dialog and the publisher's
 * review of it: `title`, `help`; `onReveal` absent: no way to the node, the flow may not be the
 * one open): each issue with where it is and, when `onReveal` is given, a way to it.
 */
export function PublishNotice({ kind, issues, onReveal, title, help }: { kind: keyof typeof kinds; issues: LintIssue[]; onReveal?(issue: LintIssue): void; title?: string; help?: string }) {
  const { t } = useTranslation();
  const doc = useDocument((s) => s.doc);
  const { pick, color, className, titleKey, helpKey, namesLanguages } = kinds[kind];
  const listed = pick(issues);
  if (listed.length === 0) return null;
  const helpText = help ?? (helpKey ? t(helpKey) : undefined);
  return (
    <Alert color={color} title={title ?? t(titleKey, { count: listed.length })} className={className} data-recordings-missing={kind === 'productionOnly' ? listed.length : undefined}>
      {helpText && (
        <Text size="xs" mb={6}>
          {helpText}
        </Text>
      )}
      <ScrollArea.Autosize mah={200}>
        <Stack gap={6}>
          {listed.map((issue) => (
            <Group
              key={`${issue.node}|${issue.field}`}
              gap="xs"
              wrap="nowrap"
              align="flex-start"
              className="publish-issue warning"
              data-code={issue.code}
              data-node={issue.node}
              data-field={issue.field}
            >
              <div style={{ minWidth: 0, flex: 1 }}>
                <Text size="sm">{describeIssue(issue, t, namesLanguages ? doc : undefined)}</Text>
                <Text size="xs" c="dimmed" className="issue-where">
                  {issueWhere(issue, doc, t)}
                </Text>
              </div>
              {onReveal && (
                <Button size="compact-xs" variant="light" onClick={() => onReveal(issue)} data-action="reveal-issue">
                  {t('publish.show')}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Alert>
  );
}
