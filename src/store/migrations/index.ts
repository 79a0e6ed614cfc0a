/**
 * Every schema migration, in order. Each is a numbered module; to change the schema, add the
 * next number here — never edit one that has shipped, since databases remember what ran.
 */
import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as changeFeed from './0002-change-feed.js';
import * as instanceProfiles from './0004-instance-profiles.js';
import * as consoleSignInLinks from './0006-console-sign-in-links.js';
import * as decisionRetention from './0007-decision-retention.js';

export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-change-feed': changeFeed,
  '0004-instance-profiles': instanceProfiles,
  '0006-console-sign-in-links': consoleSignInLinks,
  '0007-decision-retention': decisionRetention,
};
