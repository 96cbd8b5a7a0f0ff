import { describe, expect, it } from 'vitest';
import { Activity } from '@microsoft/agents-activity';
import { toActivities } from './toActivities.ts';
import { readActivity } from './readActivity.ts';

describe('toActivities', () => {
  const activities = toActivities([
    { type: 'text', text: 'Votre solde est de 1500 F.' },
    { type: 'audio', url: 'https://griot.example/audio/1919/fon/menu.mp3', name: 'fon/menu.mp3' },
    {
      type: 'choice',
      presentation: 'buttons',
      body: 'Autre chose ?',
      listButtonLabel: 'Choisir',
      node: 'main',
      options: [
        { id: 'yes', key: '1', label: 'Oui' },
        { id: 'no', key: '2', label: 'Non' },
      ],
    },
  ]);

  it('builds activities the Agents SDK itself accepts', () => {
    for (const a of activities) expect(() => Activity.fromObject(a)).not.toThrow();
  });

  it('needs `to: []` on suggested actions (Agents SDK 1.8.1 refuses them without it)', () => {
    const { to: _to, ...withoutTo } = activities[2]!.suggestedActions!;
    expect(() => Activity.fromObject({ ...activities[2], suggestedActions: withoutTo })).toThrow();
  });

  it('sends audio as an attachment by link and menus as imBack actions', () => {
    expect(activities[1]!.attachments).toEqual([{ contentType: 'audio/mpeg', contentUrl: 'https://griot.example/audio/1919/fon/menu.mp3', name: 'menu.mp3' }]);
    expect(activities[2]!.suggestedActions!.actions).toEqual([
      { type: 'imBack', title: 'Oui', value: 'Oui' },
      { type: 'imBack', title: 'Non', value: 'Non' },
    ]);
  });
});

describe('readActivity', () => {
  const now = () => new Date('2026-03-01T10:00:00.000Z');
  const base = { id: 'a1', from: { id: 'u1' }, recipient: { id: 'bot' }, conversation: { id: 'c1' } };

  it('reads text, a choice value, attachments and a joining user', () => {
    expect(readActivity({ ...base, type: 'message', text: ' Solde ' }, 'default', now)).toMatchObject({
      channel: 'botframework',
      conversation: 'c1',
      from: 'botframework:u1',
      messageId: 'c1/a1',
      content: { kind: 'event', event: { type: 'text', text: 'Solde' } },
    });
    expect(readActivity({ ...base, type: 'message', value: { option: 'opt1' } }, 'default', now)?.content).toEqual({ kind: 'event', event: { type: 'choice', option: 'opt1' } });
    expect(readActivity({ ...base, type: 'message', attachments: [{}] }, 'default', now)?.content).toEqual({ kind: 'unsupported', type: 'attachment' });
    expect(readActivity({ ...base, type: 'conversationUpdate', membersAdded: [{ id: 'u1' }] }, 'default', now)?.content).toEqual({ kind: 'open' });
    expect(readActivity({ ...base, type: 'conversationUpdate', membersAdded: [{ id: 'bot' }] }, 'default', now)).toBeUndefined();
    expect(readActivity({ ...base, type: 'typing' }, 'default', now)).toBeUndefined();
  });
});
