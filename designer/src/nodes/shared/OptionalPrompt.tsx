import { Switch, Stack } from '@mantine/core';
import type { Prompt } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { PromptEditor } from '../../inspector/fields/PromptEditor.tsx';

interface Props {
  nodeId: string;
  field: string;
  prompt: Prompt | undefined;
  label: string;
  description?: string;
}

/** A prompt the node may go without (the re-prompt after a wrong key): a switch, then the editor. */
export function OptionalPrompt({ nodeId, field, prompt, label, description }: Props) {
  return (
    <Stack gap={6}>
      <Switch
        size="xs"
        label={label}
        description={description}
        checked={prompt !== undefined}
        onChange={(e) => documentActions().setNodeField(nodeId, field, e.currentTarget.checked ? {} : undefined)}
      />
      {/* The switch shows the name; the boxes still carry it for a screen reader (« Message d’attente (Français) »). */}
      {prompt !== undefined && <PromptEditor nodeId={nodeId} field={field} prompt={prompt} label={label} hideLabel />}
    </Stack>
  );
}
