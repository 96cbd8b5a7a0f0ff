import { IconVolume } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { stripSsml, type Prompt } from '@griot/flows';
import { Bdi } from '../../i18n/Bdi.tsx';

/** A prompt as the canvas shows it: the text in the current locale, its recording, or a missing mark. */
export function PromptPreview({ prompt, locale, fallbackLocale }: { prompt: Prompt | undefined; locale: string; fallbackLocale: string }) {
  const { t } = useTranslation();
  const version = prompt?.[locale];
  // SSML (<say-as>, <break/>) is for the voice platform: the canvas shows the words.
  const text = version?.text ? stripSsml(version.text) : undefined;
  if (text) {
    return (
      <div className="node-prompt">
        <span className="node-prompt-text">
          {text}
          {version?.audio && <IconVolume size={12} className="node-audio-mark" />}
        </span>
      </div>
    );
  }
  if (version?.audio) {
    return (
      <div className="node-prompt audio">
        <IconVolume size={12} /> <Bdi>{version.audioFile ?? version.audio}</Bdi>
      </div>
    );
  }
  const other = locale !== fallbackLocale ? prompt?.[fallbackLocale]?.text : undefined;
  const fallback = other ? stripSsml(other) : undefined;
  return (
    <div className="node-prompt missing" data-missing={locale}>
      <span className="missing-tag">{t('canvas.missingIn', { locale: locale.toUpperCase() })}</span>
      {fallback && <span className="fallback">{fallback}</span>}
    </div>
  );
}
