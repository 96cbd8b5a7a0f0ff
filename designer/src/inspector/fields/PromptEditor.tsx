import { Badge, Group, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LocalizedPrompt, Prompt } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { useLocales } from '../../store/selectors.ts';
import { useCanvas } from '../../canvas/canvasStore.ts';
import { useFieldError, useFieldWarningClass } from '../fieldErrors.tsx';
import { AudioControl } from '../../languages/AudioControl.tsx';
import { ReviewMark } from '../../languages/ReviewMark.tsx';
import { PromptVariants } from './PromptVariants.tsx';
import { StillCorrectButton } from './StillCorrectButton.tsx';

interface Props {
  nodeId: string;
  /** `prompt`, `noMatchPrompt`, `waitPrompt`… */
  field: string;
  prompt: Prompt | undefined;
  label: string;
  description?: string;
  /** The name is shown beside it already (an optional prompt's switch): only screen readers get it. */
  hideLabel?: boolean;
}

/** A prompt in every locale of the flow: text, recorded audio where the locale needs it, and its wordings for some channels. */
export function PromptEditor({ nodeId, field, prompt, label, description, hideLabel = false }: Props) {
  const { t } = useTranslation();
  const locales = useLocales();
  const current = useCanvas((s) => s.locale);
  // What a recordings-only language's readers see when it has no text: the first language with a voice.
  const written = locales.find((l) => l.tts)?.name ?? '';
  return (
    <Stack gap={6}>
      {!hideLabel && (
        <div>
          <Text size="sm" fw={500}>
            {label}
          </Text>
          {description && (
            <Text size="xs" c="dimmed">
              {description}
            </Text>
          )}
        </div>
      )}
      {locales.map((locale) => (
        <LocaleVersion
          key={locale.code}
          nodeId={nodeId}
          field={field}
          code={locale.code}
          name={locale.name}
          hasTts={locale.tts !== null}
          highlighted={locale.code === current}
          text={prompt?.[locale.code]?.text ?? ''}
          audio={prompt?.[locale.code]?.audio}
          audioFile={prompt?.[locale.code]?.audioFile}
          needsReview={prompt?.[locale.code]?.needsReview === true}
          variants={prompt?.[locale.code]?.variants}
          audioOnlyLabel={t('languages.audioOnly')}
          placeholder={locale.tts === null ? t('languages.textOptional', { language: written }) : undefined}
          ariaLabel={t('a11y.inLocale', { field: label, locale: locale.name })}
        />
      ))}
    </Stack>
  );
}

interface VersionProps {
  nodeId: string;
  field: string;
  code: string;
  name: string;
  hasTts: boolean;
  highlighted: boolean;
  text: string;
  audio: string | undefined;
  audioFile: string | undefined;
  /** A suggested translation not yet reviewed. */
  needsReview: boolean;
  audioOnlyLabel: string;
  /** What a screen reader says for the text box: the field and the language, in the editor's words. */
  ariaLabel: string;
  variants: LocalizedPrompt['variants'];
  /** A language without a voice: its text is optional (the recording is what callers hear). */
  placeholder: string | undefined;
}

function LocaleVersion({ nodeId, field, code, name, hasTts, highlighted, text, audio, audioFile, needsReview, audioOnlyLabel, ariaLabel, variants, placeholder }: VersionProps) {
  const error = useFieldError(`${field}.${code}`);
  const warningClass = useFieldWarningClass(`${field}.${code}`);
  return (
    <Stack gap={4} className={highlighted ? 'prompt-version current' : 'prompt-version'}>
      <Group gap={6} justify="space-between" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <Badge size="sm" variant={highlighted ? 'filled' : 'light'} radius="sm">
            {code}
          </Badge>
          <Text size="xs" c="dimmed">
            {name}
          </Text>
          {!hasTts && (
            <Badge size="xs" color="orange" variant="light">
              {audioOnlyLabel}
            </Badge>
          )}
          {needsReview && <ReviewMark compact onReviewed={() => documentActions().markPromptReviewed(nodeId, field, code)} />}
        </Group>
        <AudioControl nodeId={nodeId} field={field} locale={code} audio={audio} audioFile={audioFile} />
      </Group>
      <Textarea
        aria-label={ariaLabel}
        data-field={`${field}.${code}`}
        autosize
        minRows={1}
        maxRows={6}
        value={text}
        placeholder={placeholder}
        error={error}
        className={warningClass}
        onChange={(e) => documentActions().setPromptText(nodeId, field, code, e.currentTarget.value)}
      />
      <StillCorrectButton nodeId={nodeId} field={field} code={code} language={name} />
      <PromptVariants nodeId={nodeId} field={field} code={code} variants={variants} />
    </Stack>
  );
}
