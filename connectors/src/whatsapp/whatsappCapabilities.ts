import type { ChannelCapabilities } from '../messaging/capabilities.ts';

/**
 * WhatsApp Cloud API limits (Meta's message reference): 1–3 reply buttons with titles of at
 * most 20 characters; a list of at most 10 rows with row titles of at most 24 characters and a
 * button label of at most 20; text of at most 4,096 characters; interactive bodies kept to
 * 1,024 (the limit for buttons; lists allow more, the smaller one is safe for both); audio
 * in the formats WhatsApp plays.
 */
export const whatsappCapabilities: ChannelCapabilities = {
  textMaxLength: 4096,
  buttons: { max: 3, titleMaxLength: 20, idMaxLength: 256, bodyMaxLength: 1024 },
  list: { maxRows: 10, rowTitleMaxLength: 24, idMaxLength: 200, buttonLabelMaxLength: 20, bodyMaxLength: 1024 },
  audio: true,
  // Cloud API audio messages: AAC, AMR, MP3, MP4 audio, OGG (Opus). WAV is refused.
  audioFormats: ['aac', 'amr', 'mp3', 'm4a', 'ogg', 'opus'],
};
