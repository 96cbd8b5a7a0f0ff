import { useMemo, useState } from 'react';
import { Badge, Button, Group, Pagination, Paper, ScrollArea, SegmentedControl, Select, Table, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { IconMicrophoneOff, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { documentActions, useDocument } from '../store/documentStore.ts';
import { useLocales } from '../store/selectors.ts';
import { canvasStore } from '../canvas/canvasStore.ts';
import { Bdi } from '../i18n/Bdi.tsx';
import { AudioControl } from './AudioControl.tsx';
import { fieldLabel } from '../a11y/fieldLabel.ts';
import { ReviewMark } from './ReviewMark.tsx';
import { SuggestTranslationsButton } from './SuggestTranslationsButton.tsx';
import { StaleMark } from './StaleMark.tsx';
import { useEarlierSourceTexts } from './earlierSourceTexts.ts';
import { variantName } from '../inspector/fields/PromptVariants.tsx';
import { hasMissing, hasStale, hasToReview, lacksRecording, translationRows, type TranslationCell, type TranslationRow } from './translationRows.ts';

const PAGE_SIZE = 40;

/** Every prompt (and each of its channel variants) × every locale, missing cells highlighted, editable in place. */
export function TranslationTable({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const locales = useLocales();
  const doc = useDocument((s) => s.doc);
  const rows = useMemo(() => (doc ? translationRows(doc) : []), [doc]);
  const [filter, setFilter] = useState<'all' | 'missing' | 'review' | 'stale' | 'unrecorded'>('all');
  const [missingIn, setMissingIn] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  // The missing and review filters keep the rows they found until refreshed, so a row does not vanish while it is being fixed.
  const [frozen, setFrozen] = useState<Set<string> | null>(null);
  const applyFilter = (kind: typeof filter, locale: string | null) => {
    const keep = kind === 'review' ? hasToReview : kind === 'stale' ? hasStale : kind === 'unrecorded' ? lacksRecording : hasMissing;
    setFrozen(new Set(rows.filter((r) => keep(r, locale ?? undefined)).map((r) => r.key)));
    setPage(1);
  };

  const missingByLocale = useMemo(() => {
    const counts: Record<string, number> = {};
    for (const l of locales) counts[l.code] = rows.filter((r) => r.cells[l.code]?.missing).length;
    return counts;
  }, [rows, locales]);
  // Which locales still need recordings: prompts that have none, per locale. A locale with a
  // voice is counted only once someone records in it (else every prompt would be "missing").
  const unrecordedByLocale = useMemo(() => {
    const counts: Record<string, number> = {};
    for (const l of locales) {
      const recorded = rows.some((r) => r.cells[l.code]?.audio);
      counts[l.code] = !l.tts || recorded ? rows.filter((r) => lacksRecording(r, l.code)).length : 0;
    }
    return counts;
  }, [rows, locales]);
  const reviewByLocale = useMemo(() => {
    const counts: Record<string, number> = {};
    for (const l of locales) counts[l.code] = rows.filter((r) => r.cells[l.code]?.needsReview).length;
    return counts;
  }, [rows, locales]);

  const staleByLocale = useMemo(() => {
    const counts: Record<string, number> = {};
    for (const l of locales) counts[l.code] = rows.filter((r) => r.cells[l.code]?.stale).length;
    return counts;
  }, [rows, locales]);
  const stamps = useMemo(() => [...new Set(rows.flatMap((r) => Object.values(r.cells).flatMap((c) => c.stale?.stamps ?? [])))], [rows]);
  const earlier = useEarlierSourceTexts(stamps);

  const shown = useMemo(() => {
    const words = query.toLowerCase();
    return rows.filter((r) => {
      if (filter !== 'all' && frozen && !frozen.has(r.key)) return false;
      if (!words) return true;
      return `${r.nodeId} ${r.nodeLabel} ${Object.values(r.cells)
        .map((c) => c.text)
        .join(' ')}`
        .toLowerCase()
        .includes(words);
    });
  }, [rows, filter, frozen, query]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const visible = shown.slice((Math.min(page, pages) - 1) * PAGE_SIZE, Math.min(page, pages) * PAGE_SIZE);

  return (
    <div className="translation-view">
      <Group justify="space-between" p="md" gap="sm" className="translation-toolbar">
        <Group gap="sm" wrap="nowrap">
          <SegmentedControl
            size="xs"
            value={filter}
            data={[
              { value: 'all', label: t('translations.all', { count: rows.length }) },
              { value: 'missing', label: t('translations.missingOnly') },
              { value: 'review', label: t('translations.toReviewOnly') },
              { value: 'stale', label: t('stale.filter') },
              { value: 'unrecorded', label: t('recording.withoutRecording') },
            ]}
            onChange={(v) => {
              setFilter(v as typeof filter);
              if (v !== 'all') applyFilter(v as typeof filter, missingIn);
            }}
          />
          {filter !== 'all' && (
            <>
              <Select
                size="xs"
                w={170}
                placeholder={t('translations.anyLocale')}
                clearable
                value={missingIn}
                data={locales.map((l) => ({ value: l.code, label: `${l.name} (${l.code})` }))}
                onChange={(v) => {
                  setMissingIn(v);
                  applyFilter(filter, v);
                }}
              />
              <Tooltip label={t('translations.refreshHint')}>
                <Button size="xs" variant="subtle" leftSection={<IconRefresh size={14} />} onClick={() => applyFilter(filter, missingIn)}>
                  {t('translations.refresh')}
                </Button>
              </Tooltip>
            </>
          )}
        </Group>
        <Group gap="sm" wrap="nowrap">
          {!readOnly && <SuggestTranslationsButton />}
          <TextInput size="xs" w={240} leftSection={<IconSearch size={14} />} placeholder={t('translations.search')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
        </Group>
      </Group>
      <ScrollArea className="translation-scroll">
        <Paper withBorder radius="md" m="md" mt={0}>
          <Table className="translation-table" verticalSpacing={6} horizontalSpacing="sm" stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={220}>{t('translations.text')}</Table.Th>
                {locales.map((l) => (
                  <Table.Th key={l.code}>
                    <Group gap={6}>
                      <Text size="sm" fw={600}>
                        {l.name}
                      </Text>
                      <Badge size="xs" variant="outline" radius="sm">
                        {l.code}
                      </Badge>
                      {!l.tts && (
                        <Badge size="xs" color="orange" variant="light">
                          {t('languages.audioOnly')}
                        </Badge>
                      )}
                      {(missingByLocale[l.code] ?? 0) > 0 && (
                        <Badge size="xs" color="red" variant="filled" data-missing-count={l.code}>
                          {t('translations.missingCount', { count: missingByLocale[l.code] })}
                        </Badge>
                      )}
                      {(unrecordedByLocale[l.code] ?? 0) > 0 && (
                        <Tooltip label={t('recording.withoutRecording')}>
                          <Badge
                            size="xs"
                            color={l.tts ? 'gray' : 'orange'}
                            variant="light"
                            leftSection={<IconMicrophoneOff size={10} />}
                            data-unrecorded-count={l.code}
                            className="link-like"
                            onClick={() => {
                              setFilter('unrecorded');
                              setMissingIn(l.code);
                              applyFilter('unrecorded', l.code);
                            }}
                          >
                            {t('recording.missingCount', { count: unrecordedByLocale[l.code] })}
                          </Badge>
                        </Tooltip>
                      )}
                      {(staleByLocale[l.code] ?? 0) > 0 && (
                        <Tooltip label={t('stale.hint')} multiline w={260}>
                          <Badge
                            size="xs"
                            color="grape"
                            variant="light"
                            data-stale-count={l.code}
                            className="link-like"
                            onClick={() => {
                              setFilter('stale');
                              setMissingIn(l.code);
                              applyFilter('stale', l.code);
                            }}
                          >
                            {t('stale.count', { count: staleByLocale[l.code] })}
                          </Badge>
                        </Tooltip>
                      )}
                      {(reviewByLocale[l.code] ?? 0) > 0 && (
                        <Badge size="xs" color="orange" variant="light" data-review-count={l.code}>
                          {t('translations.reviewCount', { count: reviewByLocale[l.code] })}
                        </Badge>
                      )}
                    </Group>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {visible.map((row) => (
                <RowView key={row.key} row={row} locales={locales.map((l) => l.code)} readOnly={readOnly} earlier={earlier} />
              ))}
            </Table.Tbody>
          </Table>
          {visible.length === 0 && (
            <Text c="dimmed" ta="center" p="xl">
              {filter === 'missing'
                ? t('translations.noneMissing')
                : filter === 'review'
                  ? t('translations.noneToReview')
                  : filter === 'stale'
                    ? t('stale.none')
                    : filter === 'unrecorded'
                      ? t('recording.noneWithoutRecording')
                      : t('translations.empty')}
            </Text>
          )}
        </Paper>
        {pages > 1 && (
          <Group justify="center" pb="md">
            <Pagination size="sm" total={pages} value={Math.min(page, pages)} onChange={setPage} />
          </Group>
        )}
      </ScrollArea>
    </div>
  );
}

function RowView({ row, locales, readOnly, earlier }: { row: TranslationRow; locales: string[]; readOnly: boolean; earlier: Map<string, string> }) {
  const { t } = useTranslation();
  const localeNames = Object.fromEntries(useLocales().map((l) => [l.code, l.name]));
  const fieldName = row.variant ? `${fieldLabel(row.field, t)} · ${variantName(row.variant, t)}` : fieldLabel(row.field, t);
  return (
    <Table.Tr data-row={row.key} data-variant={row.variant}>
      <Table.Td>
        <Text
          size="sm"
          fw={600}
          className="link-like"
          onClick={() => {
            canvasStore.getState().focusNode(row.nodeId);
            canvasStore.getState().setPanel('inspector');
          }}
        >
          {row.nodeLabel}
        </Text>
        <Text size="xs" c="dimmed">
          {fieldName}
        </Text>
      </Table.Td>
      {locales.map((code) => (
        <CellView
          key={code}
          row={row}
          code={code}
          cell={row.cells[code] as TranslationCell}
          readOnly={readOnly}
          source={row.variantSource ?? row.cells[locales[0] ?? '']?.text ?? ''}
          earlier={earlier}
          label={t('a11y.cell', { node: row.nodeLabel, field: fieldName, locale: localeNames[code] ?? code })}
        />
      ))}
    </Table.Tr>
  );
}

interface CellProps {
  row: TranslationRow;
  code: string;
  cell: TranslationCell;
  readOnly: boolean;
  label: string;
  /** The first language's text of the row now, and earlier texts by stamp (for a stale cell). */
  source: string;
  earlier: Map<string, string>;
}

function CellView({ row, code, cell, readOnly, label, source, earlier }: CellProps) {
  const { t } = useTranslation();
  const locales = useLocales();
  const localeNameOf = (written: string) => locales.find((l) => l.code === written)?.name ?? written;
  const writtenText = (of: TranslationRow, written: string) => of.cells[written]?.text ?? '';
  if (cell.notApplicable) {
    return (
      <Table.Td className="cell-na">
        <Text size="xs" c="dimmed">
          {t('translations.notAsked')}
        </Text>
      </Table.Td>
    );
  }
  const className = cell.missing === 'text' ? 'cell-missing' : cell.missing === 'audio' ? 'cell-missing-audio' : cell.stale ? 'cell-stale' : undefined;
  const actions = documentActions();
  const { variant } = row;
  // A variant's text: written, it opens the variant in this locale; emptied (no recording), the locale's own text is said again.
  const setPrompt = (text: string) => {
    if (!variant) actions.setPromptText(row.nodeId, row.field, code, text);
    else if (text === '' && !cell.audio) actions.removePromptVariant(row.nodeId, row.field, code, variant);
    else actions.setPromptVariantText(row.nodeId, row.field, code, variant, text);
  };
  // The recording's file name is said on its own line (cut short, whole in its tooltip): as a placeholder it wrapped letter by letter.
  const placeholder = cell.audio
    ? t('translations.recordedNoText')
    : cell.writtenIn
      ? t('translations.writtenIn', { language: localeNameOf(cell.writtenIn), text: writtenText(row, cell.writtenIn) })
      : cell.fallsBack
        ? t('translations.variantFallsBack')
        : cell.missing === 'audio'
          ? t('translations.needsAudio')
          : t('translations.missing');
  return (
    <Table.Td className={className} data-cell={`${row.key}|${code}`} data-missing={cell.missing ?? undefined} data-written-in={cell.writtenIn} data-stale={cell.stale ? 'true' : undefined}>
      {cell.audio && (
        <Text size="xs" c="dimmed" className="cell-audio-name" title={cell.audioFile ?? cell.audio} data-audio-name>
          ♪ <Bdi>{cell.audioFile ?? cell.audio}</Bdi>
        </Text>
      )}
      <Group gap={4} wrap="nowrap" align="flex-start">
        {row.kind === 'prompt' ? (
          <Textarea
            size="xs"
            variant="unstyled"
            className="cell-input"
            autosize
            minRows={1}
            readOnly={readOnly}
            placeholder={placeholder}
            aria-label={label}
            data-cell-input={`${row.nodeId}|${row.field}${variant ? `|${variant}` : ''}|${code}`}
            value={cell.text}
            style={{ flex: 1 }}
            onChange={(e) => setPrompt(e.currentTarget.value)}
          />
        ) : (
          <TextInput
            size="xs"
            variant="unstyled"
            className="cell-input"
            readOnly={readOnly}
            placeholder={cell.writtenIn ? placeholder : t('translations.missing')}
            aria-label={label}
            data-cell-input={`${row.nodeId}|${row.field}|${code}`}
            value={cell.text}
            style={{ flex: 1 }}
            onChange={(e) => actions.setLabel(row.nodeId, row.field, code, e.currentTarget.value)}
          />
        )}
        {row.kind === 'prompt' && !readOnly && !cell.fallsBack && (
          <AudioControl nodeId={row.nodeId} field={row.field} locale={code} audio={cell.audio} audioFile={cell.audioFile} {...(variant ? { variant } : {})} />
        )}
      </Group>
      {cell.needsReview && <ReviewMark compact readOnly={readOnly} onReviewed={() => actions.markPromptReviewed(row.nodeId, row.field, code, variant)} />}
      {cell.stale && (
        <StaleMark
          stale={cell.stale}
          source={source}
          earlier={cell.stale.stamps.flatMap((s) => earlier.get(s) ?? [])}
          readOnly={readOnly}
          onConfirm={() => actions.confirmTranslation(row.nodeId, row.field, code, variant)}
        />
      )}
    </Table.Td>
  );
}
