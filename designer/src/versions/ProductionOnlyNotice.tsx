import { Alert, Button, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LintIssue } from '@griot/flows';
import { describeIssue } from '../checks/describeIssue.ts';
import { issueWhere } from '../checks/issueWhere.ts';
import { useDocument } from '../store/documentStore.ts';

/**
 * In the publish dialog: what production will refuse but staging takes (lint `blocks:
 * 'production'`, a recording still to make in a language without text-to-speech), each with
 * where it is and a way to it. Testers may call the version in staging meanwhile; the editor
 * learns now what the caller hears there, and that production waits.
 */
export function ProductionOnlyNotice({ issues, onReveal }: { issues: LintIssue[]; onReveal(issue: LintIssue): void }) {
  const { t } = useTranslation();
  const doc = useDocument((s) => s.doc);
  const waiting = issues.filter((i) => i.severity !== 'error' && i.blocks === 'production');
  if (waiting.length === 0) return null;
  return (
    <Alert color="orange" title={t('publish.productionOnlyTitle', { count: waiting.length })} className="publish-production-only">
      <Text size="xs" mb={6}>
        {t('publish.productionOnlyHelp')}
      </Text>
      <ScrollArea.Autosize mah={200}>
        <Stack gap={6}>
          {waiting.map((issue) => (
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
                <Text size="sm">{describeIssue(issue, t, doc)}</Text>
                <Text size="xs" c="dimmed" className="issue-where">
                  {issueWhere(issue, doc, t)}
                </Text>
              </div>
              <Button size="compact-xs" variant="light" onClick={() => onReveal(issue)} data-action="reveal-issue">
                {t('publish.show')}
              </Button>
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Alert>
  );
}
