import { Divider, Group, SegmentedControl, Stack, Switch, TagsInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { PromptEditor } from '../../inspector/fields/PromptEditor.tsx';
import { LocalizedTextEditor } from '../../inspector/fields/LocalizedTextEditor.tsx';
import { NumberField } from '../../inspector/fields/NumberField.tsx';
import { VariableInput } from '../../inspector/fields/VariableInput.tsx';
import { useFieldError } from '../../inspector/fieldErrors.tsx';
import { useLocales } from '../../store/selectors.ts';
import { OptionalPrompt } from '../shared/OptionalPrompt.tsx';

/** The question, its scale (1–3 or 1–5), optional labels and words per score, and what to do on silence or a wrong key. */
export function SurveyInspector({ node }: { node: NodeOf<'survey'> }) {
  const { t } = useTranslation();
  const set = (field: string, value: unknown) => documentActions().setNodeField(node.id, field, value);
  const locales = useLocales();
  const answersError = useFieldError('answers');
  const named = node.answers.length > 0;
  return (
    <Stack gap="md">
      <PromptEditor nodeId={node.id} field="prompt" prompt={node.prompt} label={t('fields.prompt')} description={t('nodes.survey.promptHelp')} />
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t('nodes.survey.scale')}
        </Text>
        <SegmentedControl
          size="xs"
          value={String(node.scale)}
          data={[
            { value: '3', label: '1 – 3' },
            { value: '5', label: '1 – 5' },
          ]}
          onChange={(v) => {
            const scale = Number(v);
            set('scale', scale);
            // Answers follow the scale: one per score.
            if (named)
              set(
                'answers',
                Array.from({ length: scale }, (_, i) => node.answers[i] ?? { label: {}, synonyms: {} }),
              );
          }}
        />
      </div>
      <VariableInput nodeId={node.id} field="variable" label={t('nodes.survey.variable')} value={node.variable ?? ''} optional />
      <Divider label={t('nodes.survey.labels')} labelPosition="left" />
      <Switch
        size="xs"
        label={t('nodes.survey.withLabels')}
        checked={named}
        onChange={(e) => set('answers', e.currentTarget.checked ? Array.from({ length: node.scale }, () => ({ label: {}, synonyms: {} })) : [])}
      />
      {answersError && (
        <Text size="xs" c="red">
          {answersError}
        </Text>
      )}
      {node.answers.map((answer, i) => (
        <div key={i}>
          <Text size="xs" fw={500}>
            {t('nodes.survey.score', { n: i + 1 })}
          </Text>
          <LocalizedTextEditor nodeId={node.id} field={`answers.${i}.label`} value={answer.label} />
          {locales.map((l) => (
            <TagsInput
              key={l.code}
              size="xs"
              label={`${t('nodes.menu.synonyms')} · ${l.code}`}
              value={answer.synonyms[l.code] ?? []}
              onChange={(words) => set(`answers.${i}.synonyms.${l.code}`, words.length ? words : undefined)}
            />
          ))}
        </div>
      ))}
      <Divider label={t('nodes.menu.whenItGoesWrong')} labelPosition="left" />
      <OptionalPrompt nodeId={node.id} field="noInputPrompt" prompt={node.noInputPrompt} label={t('nodes.menu.noInputPrompt')} />
      <OptionalPrompt nodeId={node.id} field="noMatchPrompt" prompt={node.noMatchPrompt} label={t('nodes.menu.noMatchPrompt')} />
      <Group grow>
        <NumberField nodeId={node.id} field="maxRetries" label={t('fields.maxRetries')} value={node.maxRetries} min={0} max={3} />
        <NumberField nodeId={node.id} field="timeoutSeconds" label={t('fields.timeoutSeconds')} value={node.timeoutSeconds} min={1} max={60} suffix=" s" />
      </Group>
      <Switch size="xs" label={t('fields.bargeIn')} checked={node.bargeIn} onChange={(e) => set('bargeIn', e.currentTarget.checked)} />
    </Stack>
  );
}
