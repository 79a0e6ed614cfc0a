/**
 * X-Amz-Date reading and writing (src/aws/sigv4/request-time.ts), checked against the
 * definitions they replaced: format = the ISO form without separators and milliseconds; parse =
 * accept exactly the texts that format gives back unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAmzDate, parseAmzDate } from '../../src/aws/sigv4/request-time.js';

const formatByRegex = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');

test('formatAmzDate writes the basic ISO form, for any time of any year', () => {
  assert.equal(formatAmzDate(new Date('2015-08-30T12:36:00Z')), '20150830T123600Z');
  const samples = [0, -1, 253402300799000, 253402300800000, -62167219200000, -62167219200001, Date.UTC(2024, 1, 29, 23, 59, 59, 999)];
  for (let i = 0; i < 2000; i++) samples.push(Math.floor((Math.random() - 0.3) * 4e14));
  for (const millis of samples) assert.equal(formatAmzDate(new Date(millis)), formatByRegex(new Date(millis)), String(millis));
});

test('parseAmzDate takes exactly the texts that format back to themselves', () => {
  const texts = ['20150830T123600Z', '20240229T000000Z', '20230229T000000Z', '20151330T000000Z', '20150830T250000Z', '20150830T126000Z', '20150830T123660Z',
    '00500101T000000Z', '00000101T000000Z', '99991231T235959Z', '20150830T123600', '2015-08-30T12:36:00Z', '20150830T123600Z ', '20150431T000000Z'];
  for (const text of texts) {
    const parsed = parseAmzDate(text);
    const byRoundTrip = /^\d{8}T\d{6}Z$/.test(text) && formatByRegex(new Date(Date.UTC(+text.slice(0, 4), +text.slice(4, 6) - 1, +text.slice(6, 8), +text.slice(9, 11), +text.slice(11, 13), +text.slice(13, 15)))) === text;
    assert.equal(parsed !== undefined, byRoundTrip, text);
    if (parsed !== undefined) assert.equal(formatAmzDate(parsed), text);
  }
});
