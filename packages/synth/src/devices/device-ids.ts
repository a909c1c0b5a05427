import type { Random } from '../random/prng.ts';

const LETTERS_AND_DIGITS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '0123456789';

/**
 * Draws a serial number or transmitter ID from a pattern: `A` stands for a digit or capital
 * letter, `9` for a digit, and any other character is kept (`8AAAAA` gives a Dexcom G6 style
 * transmitter ID such as `8G4K2Q`).
 */
export function drawSerial(random: Random, pattern: string): string {
  let serial = '';
  for (const character of pattern) {
    if (character === 'A') {
      serial += LETTERS_AND_DIGITS[random.integer(0, LETTERS_AND_DIGITS.length - 1)];
    } else if (character === '9') {
      serial += DIGITS[random.integer(0, 9)];
    } else {
      serial += character;
    }
  }
  return serial;
}
