import type { ChannelCapabilities } from '../messaging/capabilities.ts';

/** The web chat page: buttons for up to 10 options (labels up to 60), numbered text past that, audio players. */
export const webchatCapabilities: ChannelCapabilities = {
  textMaxLength: 4000,
  buttons: { max: 10, titleMaxLength: 60, idMaxLength: 256, bodyMaxLength: 4000 },
  audio: true,
};
