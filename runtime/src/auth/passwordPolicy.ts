import { invalid } from '../errors.ts';

/**
 * The passwords tried first when guessing (the most common in published leak lists, 10
 * characters or longer, and the few Griot's own users would reach for), lower-case. Short on
 * purpose: length (10 at least) already rules out the rest of those lists' heads.
 */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '123456789a',
  '0123456789',
  '0987654321',
  '1234512345',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'azertyuiop',
  'qwerty1234',
  'qwerty12345',
  'qwertyuiop123',
  'azerty1234',
  'azerty123456',
  'password12',
  'password123',
  'password1234',
  'password!1',
  'motdepasse',
  'motdepasse1',
  'motdepasse123',
  'iloveyou12',
  'iloveyou123',
  'princess123',
  'football123',
  'baseball123',
  'sunshine123',
  'welcome123',
  'welcome1234',
  'bienvenue1',
  'bienvenue123',
  'administrator',
  'admin12345',
  'admin123456',
  'administrateur',
  'changeme123',
  'letmein123',
  'trustno1234',
  'monkey12345',
  'dragon12345',
  'abcdefghij',
  'abcd123456',
  'abc1234567',
  'a1b2c3d4e5',
  'griot12345',
  'griot123456',
]);

/**
 * Refuses a password that guessing would find first, whatever its length: the account's own
 * username (in any case, or with only digits and signs around it), one character repeated
 * (`aaaaaaaaaa`), or one of the most common passwords. 400 with the field named, a code per reason.
 */
export function assertPasswordAcceptable(password: string, username: string, field: string): void {
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name.length > 0 && lower.replace(/[^a-z]/g, '') === name.replace(/[^a-z]/g, '') && lower.includes(name)) {
    throw invalid('password_is_username', 'the password must not be the username', { field });
  }
  if (/^(.)\1*$/su.test(password)) throw invalid('password_repeated_character', 'the password must not be one character repeated', { field });
  if (COMMON_PASSWORDS.has(lower)) throw invalid('password_too_common', 'the password is one of the most common: choose another', { field });
}
