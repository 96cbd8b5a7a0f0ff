/**
 * What a messaging channel can show. Rendering reads these numbers and nothing else about the
 * channel, so a new channel is a new capabilities object and an encoder.
 */
export interface ChannelCapabilities {
  /** Longest text message; longer text is split, never cut. */
  textMaxLength: number;
  /** Native reply buttons, if any. */
  buttons?: {
    max: number;
    titleMaxLength: number;
    idMaxLength: number;
    /** Longest text shown above the buttons. */
    bodyMaxLength: number;
  };
  /** A native list (one button opening rows), if any. */
  list?: {
    maxRows: number;
    rowTitleMaxLength: number;
    idMaxLength: number;
    buttonLabelMaxLength: number;
    bodyMaxLength: number;
  };
  /** Whether audio can be sent as a message (by link). */
  audio: boolean;
  /** Audio file extensions the channel plays (lower case); any when absent. */
  audioFormats?: readonly string[];
}
