import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { messageNotifications, parseMessageNotification } from './realtime-hub.ts';

test('announcements travel in as few payloads as fit under the NOTIFY limit, and come back intact', () => {
  const announcements = Array.from({ length: 500 }, (_, i) => [randomUUID(), i + 1] as [string, number]);
  const payloads = messageNotifications(announcements);
  assert.ok(payloads.length > 1 && payloads.length <= 4, `${payloads.length} payloads`);
  for (const payload of payloads) assert.ok(Buffer.byteLength(payload) < 8000);
  assert.deepEqual(payloads.flatMap(parseMessageNotification), announcements);
});

test('one announcement is one short payload; nothing gives nothing; a malformed payload gives nothing', () => {
  const id = randomUUID();
  assert.deepEqual(messageNotifications([[id, 7]]), [`${id}:7`]);
  assert.deepEqual(messageNotifications([]), []);
  assert.deepEqual(parseMessageNotification(''), []);
  assert.deepEqual(parseMessageNotification('garbage'), []);
});
