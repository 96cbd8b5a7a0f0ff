// What channels are and how a turn looks on each: pure data and pure functions, read by lint,
// the designer's simulator and the connectors alike.
export { channelCapabilities, type ChannelCapabilities } from './channelCapabilities.ts';
export { botFrameworkCapabilities } from './botFrameworkCapabilities.ts';
export { planMenu, numberedMenu, type MenuPresentation } from './planMenu.ts';
export { splitText, takePart } from './splitText.ts';
export { pageText, type Page, type PagingLines } from './pageText.ts';
export { pageMove } from './pageMove.ts';
export { renderScreens, type ScreenClosing, type ScreenTurn, type ScreenTurnOptions } from './renderScreens.ts';
export { stripSsml } from './stripSsml.ts';
export { languageMenuRecordings, renderReplies, type RenderOptions, type RenderResult } from './renderReplies.ts';
export type { AudioReply, ChoiceReply, Reply, ReplyOption, TextReply } from './replies.ts';
export { hasSystemTexts, systemTexts, writtenLocaleFor, type SystemTexts } from './systemTexts.ts';
export { VoiceSettings, parseVoiceSettings, type ParsedVoiceSettings } from './voiceSettings.ts';
export { planSms, smsEncodingOf, outsideGsm7, encodeGsm7, decodeGsm7, SMS_LIMITS, type SmsEncoding, type SmsPlan } from './planSms.ts';
export { readWavFormat, telephonyWavProblem, TELEPHONY_SAMPLE_RATES, type WavFormat, type WavProblem } from './wavFormat.ts';
export { pickWording, wordingFootprint, wordingKeys, type Wording } from './promptWording.ts';
export { saidBefore, screenTurnFootprint, type SaidBefore } from './screenTurn.ts';
export { variantsToTranslate, VARIANT_KEYS } from './variantsToTranslate.ts';
