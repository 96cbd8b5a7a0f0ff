import { useMemo } from 'react';
import { ActionIcon, Badge, Button, Group, Menu, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Channel, WordingFamily, channelCapabilities, definitionOf, saidBefore, screenTurnFootprint, wordingFootprint, type LocalizedPrompt } from '@griot/flows';
import { useDocument } from '../../store/documentStore.ts';
import { useLocales, useNode } from '../../store/selectors.ts';
import { fieldLabel } from '../../a11y/fieldLabel.ts';
import { documentActions } from '../../store/documentStore.ts';
import { useFieldError } from '../fieldErrors.tsx';
import { AudioControl } from '../../languages/AudioControl.tsx';
import { ReviewMark } from '../../languages/ReviewMark.tsx';

const isChannel = (key: string): key is Channel => (Channel.options as readonly string[]).includes(key);

/** How an editor reads a variant's key: the channel's own name, or the way of answering in their language. */
export function variantName(key: string, t: TFunction): string {
  if (isChannel(key)) return t(`admin.channels.${key}.name`, { defaultValue: channelCapabilities[key].label });
  return (WordingFamily.options as readonly string[]).includes(key) ? t(`variants.${key}`) : key;
}

interface Props {
  nodeId: string;
  field: string;
  code: string;
  variants: LocalizedPrompt['variants'];
}

/**
 * A prompt's other wordings in one locale: one text (and recording) per channel or way of
 * answering, said there instead of the locale's text; and the control that opens a new one.
 */
export function PromptVariants({ nodeId, field, code, variants }: Props) {
  const { t } = useTranslation();
  const used = Object.keys(variants ?? {});
  const channels = Channel.options.filter((c) => !used.includes(c));
  const ways = WordingFamily.options.filter((w) => !used.includes(w));
  const add = (key: string) => documentActions().addPromptVariant(nodeId, field, code, key);
  return (
    <Stack gap={4} pl="sm" data-variants={`${field}.${code}`}>
      {used.map((key) => (
        <VariantVersion
          key={key}
          nodeId={nodeId}
          field={field}
          code={code}
          variantKey={key}
          text={variants?.[key]?.text ?? ''}
          audio={variants?.[key]?.audio}
          audioFile={variants?.[key]?.audioFile}
          needsReview={variants?.[key]?.needsReview === true}
        />
      ))}
      {channels.length + ways.length > 0 && (
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconPlus size={12} />} style={{ alignSelf: 'flex-start' }} data-action="add-variant">
              {t('variants.add')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {channels.length > 0 && <Menu.Label>{t('variants.channels')}</Menu.Label>}
            {channels.map((c) => (
              <Menu.Item key={c} data-variant={c} onClick={() => add(c)}>
                {variantName(c, t)}
              </Menu.Item>
            ))}
            {ways.length > 0 && <Menu.Label>{t('variants.ways')}</Menu.Label>}
            {ways.map((w) => (
              <Menu.Item key={w} data-variant={w} onClick={() => add(w)}>
                {variantName(w, t)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
    </Stack>
  );
}

interface VariantProps {
  nodeId: string;
  field: string;
  code: string;
  variantKey: string;
  text: string;
  audio: string | undefined;
  audioFile: string | undefined;
  /** A suggested translation not yet reviewed. */
  needsReview: boolean;
}

function VariantVersion({ nodeId, field, code, variantKey, text, audio, audioFile, needsReview }: VariantProps) {
  const { t } = useTranslation();
  const path = `${field}.${code}.variants.${variantKey}`;
  const error = useFieldError(path);
  const name = variantName(variantKey, t);
  const localeName = useLocales().find((l) => l.code === code)?.name ?? code;
  // What one message or screen of the channel holds, counted on what the subscriber reads.
  // With the node's menu when the channel shows it as numbered text, as lint measures it.
  const row = isChannel(variantKey) ? channelCapabilities[variantKey] : undefined;
  const doc = useDocument((s) => s.doc);
  const node = useNode(nodeId);
  const menu = useMemo(() => (node && doc ? definitionOf(node).menuOf?.(node, code, doc) : undefined), [node, doc, code]);
  // On USSD the screen holds the turn: the messages said just before the prompt share it (a welcome before the menu).
  const before = useMemo(
    () => (row?.pages && field === 'prompt' && node && node.type !== 'message' && doc ? saidBefore(doc, node.id, code, variantKey as Channel, row) : []),
    [row, field, node, doc, code, variantKey],
  );
  const turn =
    row?.pages && before.length > 0
      ? screenTurnFootprint(
          before.map((b) => b.text),
          text,
          row,
          menu,
        )
      : undefined;
  const { length, limit } = turn ?? (row ? wordingFootprint(text, row, menu) : { length: 0, limit: undefined });
  const tooLong = limit !== undefined && (turn ? turn.screens > 1 : length > limit);
  const quote = (name: string) => (t('common.languageTag') === 'fr' ? `« ${name} »` : `“${name}”`);
  const sharedWith = before.map((b) => quote(doc?.nodes.find((n) => n.id === b.node)?.label || b.node)).join(', ');
  return (
    <Stack gap={2} data-variant-of={path}>
      <Group gap={6} justify="space-between" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <Badge size="xs" variant="outline" radius="sm">
            {name}
          </Badge>
          {limit !== undefined && (
            <Text size="xs" c={tooLong ? 'red' : 'dimmed'} data-count={path}>
              {t('variants.count', { count: length, limit })}
            </Text>
          )}
          {limit !== undefined && before.length > 0 && (
            <Text size="xs" c="dimmed" data-shared-screen={path}>
              {t('variants.sharedScreen', { before: sharedWith })}
            </Text>
          )}
          {needsReview && <ReviewMark compact onReviewed={() => documentActions().markPromptReviewed(nodeId, field, code, variantKey)} />}
        </Group>
        <Group gap={2} wrap="nowrap">
          <AudioControl nodeId={nodeId} field={field} locale={code} audio={audio} audioFile={audioFile} variant={variantKey} />
          <Tooltip label={t('variants.remove')}>
            <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`${t('variants.remove')} ${name}`} onClick={() => documentActions().removePromptVariant(nodeId, field, code, variantKey)}>
              <IconX size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <Textarea
        aria-label={t('variants.fieldName', { field: fieldLabel(field, t), locale: localeName, variant: name })}
        data-field={path}
        autosize
        minRows={1}
        maxRows={4}
        placeholder={t('variants.placeholder', { name })}
        value={text}
        error={error}
        onChange={(e) => documentActions().setPromptVariantText(nodeId, field, code, variantKey, e.currentTarget.value)}
      />
    </Stack>
  );
}
