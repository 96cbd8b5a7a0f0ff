import { Group, Text } from '@mantine/core';

/** The Griot mark: a speech bubble of lines, the storyteller's voice. */
export function GriotLogo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden>
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-indigo-6)" />
        <path d="M9 11h14M9 16h10M9 21h6" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      </svg>
      <Text fw={700} size={size > 30 ? 'xl' : 'lg'} style={{ letterSpacing: -0.3 }} className="griot-wordmark">
        Griot
      </Text>
    </Group>
  );
}
