import { useState, type ReactNode } from 'react';
import { ActionIcon, Badge, Button, Group, Loader, Popover, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowBackUp, IconArrowForwardUp, IconChartBar, IconChevronLeft, IconDeviceFloppy, IconDots, IconKeyboard, IconRocket, IconSend, IconSitemap, IconTable } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { documentStore, useDocument } from '../store/documentStore.ts';
import { canvasStore, useCanvas } from '../canvas/canvasStore.ts';
import { navigate } from '../app/router.ts';
import { can, useUser } from '../app/sessionStore.ts';
import { UserMenu } from '../app/UserMenu.tsx';
import { UiLanguageMenu } from '../app/UiLanguageMenu.tsx';
import { ColorSchemeToggle } from '../app/ColorSchemeToggle.tsx';
import { GriotLogo } from '../app/GriotLogo.tsx';
import { saveDraft } from '../versions/draftSaver.ts';
import { useSaveStatus } from '../versions/saveStatusStore.ts';
import { SaveStateBadge } from '../versions/SaveStateBadge.tsx';
import { PublishModal } from '../versions/PublishModal.tsx';
import { RequestPublicationModal } from '../versions/RequestPublicationModal.tsx';
import { PublicationReviewModal } from '../versions/PublicationReviewModal.tsx';
import { PublicationBell } from '../app/PublicationBell.tsx';
import { describeIssue } from '../checks/describeIssue.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** Back to the flows, the flow's name and save state, undo/redo, canvas or table, save and publish. */
export function EditorHeader({ onHelp }: { onHelp(): void }) {
  const { t } = useTranslation();
  const user = useUser();
  const name = useDocument((s) => s.doc?.name ?? '');
  const revision = useDocument((s) => s.revision);
  const dirty = useDocument((s) => s.doc !== s.savedDoc);
  const undoName = useDocument((s) => s.past[s.past.length - 1]?.name);
  const redoName = useDocument((s) => s.future[s.future.length - 1]?.name);
  const saving = useSaveStatus((s) => s.saving);
  const view = useCanvas((s) => s.view);
  const [publishing, setPublishing] = useState(false);
  const [asking, setAsking] = useState(false);
  const editable = can.edit(user);
  // Narrow (a small laptop at 200 % zoom: 683 CSS px): the secondary controls fold into « Plus d’options ».
  const narrow = useMediaQuery('(max-width: 64em)', false, { getInitialValueInEffect: false }) ?? false;
  const [moreOpen, setMoreOpen] = useState(false);
  const viewLabel = (icon: ReactNode, text: string) =>
    narrow ? (
      <Group gap={4} wrap="nowrap" title={text}>
        {icon}
        <span className="sr-only">{text}</span>
      </Group>
    ) : (
      <Group gap={4} wrap="nowrap">
        {icon}
        {text}
      </Group>
    );
  const shortcutsButton = (
    <Tooltip label={t('shortcuts.title')}>
      <ActionIcon variant="subtle" color="gray" onClick={onHelp} aria-label={t('shortcuts.title')}>
        <IconKeyboard size={18} />
      </ActionIcon>
    </Tooltip>
  );
  const askButton =
    can.edit(user) && !can.publish(user) ? (
      <Button size="xs" variant="light" color="teal" leftSection={<IconSend size={14} />} onClick={() => setAsking(true)} data-action="request-publication">
        {t('publication.ask')}
      </Button>
    ) : can.edit(user) && can.publish(user) ? (
      <Tooltip label={t('publication.ask')}>
        <ActionIcon variant="light" color="teal" onClick={() => setAsking(true)} aria-label={t('publication.ask')} data-action="request-publication">
          <IconSend size={16} />
        </ActionIcon>
      </Tooltip>
    ) : null;

  const save = async () => {
    const outcome = await saveDraft();
    if (outcome.status === 'saved') notifications.show({ color: 'teal', message: t('save.saved', { revision: outcome.revision }), autoClose: 2000 });
    else if (outcome.status === 'refused')
      notifications.show({
        color: 'red',
        title: t('save.refused'),
        message: outcome.issues
          .slice(0, 3)
          .map((i) => describeIssue(i, t, documentStore.getState().doc))
          .join('\n'),
      });
    else if (outcome.status === 'failed')
      notifications.show({ color: 'red', title: t(outcome.offline ? 'save.state.offline' : 'save.failed'), message: outcome.offline ? t('save.stateHelp.offline') : outcome.message });
  };

  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" className="editor-header">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Tooltip label={t('editor.backToFlows')}>
          <ActionIcon variant="subtle" color="gray" onClick={() => navigate('/')} aria-label={t('editor.backToFlows')}>
            <IconChevronLeft size={18} />
          </ActionIcon>
        </Tooltip>
        {!narrow && (
          <>
            <GriotLogo size={24} />
            <Text c="dimmed">/</Text>
          </>
        )}
        <Text fw={600} truncate maw={320} miw={narrow ? 40 : 90} title={name} data-flow-name>
          <Bdi>{name}</Bdi>
        </Text>
        {!narrow && (
          <Badge variant="light" color="gray" radius="sm" data-revision={revision} style={{ flexShrink: 0, overflow: 'visible' }}>
            {t('flows.revision', { n: revision })}
          </Badge>
        )}
        <SaveStateBadge />
      </Group>
      {/* The switch and the actions keep their size; the flow's name gives way (whole on hover). */}
      <SegmentedControl
        size="xs"
        style={{ flexShrink: 0 }}
        aria-label={t('editor.viewSwitch')}
        value={view}
        onChange={(v) => canvasStore.getState().setView(v as typeof view)}
        data={[
          {
            value: 'canvas',
            label: viewLabel(<IconSitemap size={14} />, t('editor.canvas')),
          },
          {
            value: 'translations',
            label: viewLabel(<IconTable size={14} />, t('editor.translations')),
          },
          {
            value: 'analytics',
            label: viewLabel(<IconChartBar size={14} />, t('editor.analytics')),
          },
        ]}
      />
      <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
        {editable && (
          <>
            <Tooltip label={undoName ? `${t('editor.undo')} : ${t(`actions.${undoName}`)} (Ctrl+Z)` : t('editor.undo')}>
              <ActionIcon variant="subtle" disabled={!undoName} onClick={() => documentStore.getState().undo()} aria-label={t('editor.undo')}>
                <IconArrowBackUp size={18} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={redoName ? `${t('editor.redo')} : ${t(`actions.${redoName}`)} (Ctrl+Shift+Z)` : t('editor.redo')}>
              <ActionIcon variant="subtle" disabled={!redoName} onClick={() => documentStore.getState().redo()} aria-label={t('editor.redo')}>
                <IconArrowForwardUp size={18} />
              </ActionIcon>
            </Tooltip>
          </>
        )}
        {!narrow && shortcutsButton}
        {editable && (
          // While it saves, the button says so in words (a bare spinner in its place read as a hang).
          <Button
            size="xs"
            variant={dirty ? 'filled' : 'default'}
            leftSection={saving ? <Loader size={12} color="currentColor" /> : <IconDeviceFloppy size={14} />}
            disabled={saving}
            aria-busy={saving}
            onClick={() => void save()}
            data-action="save"
          >
            {saving ? t('save.saving') : t('editor.save')}
          </Button>
        )}
        {can.publish(user) && (
          <Button size="xs" color="teal" leftSection={<IconRocket size={14} />} onClick={() => setPublishing(true)} data-action="publish">
            {t('editor.publish')}
          </Button>
        )}
        {/* Asking is what an editor who may not publish does; a publisher may still ask a colleague (four eyes), from a button that leaves the header its room. */}
        {!narrow && (
          <>
            {askButton}
            <PublicationBell />
            <UiLanguageMenu />
            <ColorSchemeToggle />
            <UserMenu />
          </>
        )}
        {narrow && (
          // Not closed by a click outside: the account and notification menus open from inside it, in their own layer.
          <Popover opened={moreOpen} onChange={setMoreOpen} position="bottom-end" shadow="md" trapFocus closeOnClickOutside={false} withinPortal>
            <Popover.Target>
              <Tooltip label={t('editor.more')}>
                <ActionIcon variant="subtle" color="gray" aria-label={t('editor.more')} aria-expanded={moreOpen} onClick={() => setMoreOpen((o) => !o)} data-action="more">
                  <IconDots size={18} />
                </ActionIcon>
              </Tooltip>
            </Popover.Target>
            <Popover.Dropdown data-more-menu>
              <Stack gap="xs" align="flex-start">
                <Badge variant="light" color="gray" radius="sm" data-revision={revision}>
                  {t('flows.revision', { n: revision })}
                </Badge>
                <Group gap="xs" wrap="nowrap">
                  {shortcutsButton}
                  {askButton}
                  <PublicationBell inMenu />
                  <ColorSchemeToggle />
                  <UserMenu inMenu />
                </Group>
                <UiLanguageMenu />
              </Stack>
            </Popover.Dropdown>
          </Popover>
        )}
      </Group>
      <PublishModal opened={publishing} onClose={() => setPublishing(false)} />
      <RequestPublicationModal opened={asking} onClose={() => setAsking(false)} />
      <PublicationReviewModal />
    </Group>
  );
}
