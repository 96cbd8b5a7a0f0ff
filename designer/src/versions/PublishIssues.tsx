import { useState } from 'react';
import { Alert, Button, Collapse, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconCircleX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LintIssue } from '@griot/flows';
import { describeIssue } from '../checks/describeIssue.ts';
import { issueWhere } from '../checks/issueWhere.ts';
import { useDocument } from '../store/documentStore.ts';

/**
 * Why the server refused to publish: the errors first, each with where it is (the node's canvas
 * name) and a button to go there; the warnings, which do not block, folded under one line.
 */
export function PublishIssues({ issues, onReveal, title }: { issues: LintIssue[]; onReveal(issue: LintIssue): void; title?: string }) {
  const { t } = useTranslation();
  const doc = useDocument((s) => s.doc);
  const [warningsOpen, setWarningsOpen] = useState(false);
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity !== 'error');
  const row = (issue: LintIssue, i: number) => (
    <Group key={i} gap="xs" wrap="nowrap" align="flex-start" className={`publish-issue ${issue.severity}`} data-code={issue.code} data-node={issue.node}>
      {issue.severity === 'error' ? (
        <IconCircleX size={16} color="var(--mantine-color-red-6)" style={{ flexShrink: 0, marginTop: 2 }} />
      ) : (
        <IconAlertTriangle size={16} color="var(--mantine-color-orange-6)" style={{ flexShrink: 0, marginTop: 2 }} />
      )}
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm">{describeIssue(issue, t)}</Text>
        <Text size="xs" c="dimmed" className="issue-where">
          {issueWhere(issue, doc, t)}
        </Text>
      </div>
      {(issue.node || issue.edge) && (
        <Button size="compact-xs" variant="light" onClick={() => onReveal(issue)} data-action="reveal-issue">
          {t('publish.show')}
        </Button>
      )}
    </Group>
  );
  return (
    <Alert color="red" title={title ?? t('publish.refused', { count: errors.length })} className="publish-refused">
      <ScrollArea.Autosize mah={280}>
        <Stack gap={6}>
          <Stack gap={6} className="publish-errors">
            {errors.map(row)}
          </Stack>
          {warnings.length > 0 && (
            <>
              <UnstyledButton onClick={() => setWarningsOpen((o) => !o)} data-action="toggle-warnings">
                <Group gap={4}>
                  {warningsOpen ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                  <Text size="sm" c="orange.8">
                    {t('publish.warnings', { count: warnings.length })}
                  </Text>
                </Group>
              </UnstyledButton>
              <Collapse in={warningsOpen}>
                <Stack gap={6} className="publish-warnings">
                  {warnings.map(row)}
                </Stack>
              </Collapse>
            </>
          )}
        </Stack>
      </ScrollArea.Autosize>
    </Alert>
  );
}
