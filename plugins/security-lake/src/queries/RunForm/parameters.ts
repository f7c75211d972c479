import { SavedQueryParameter } from '@internal/plugin-security-lake-common';

// the characters the server refuses in text values: controls and invisible or direction-changing ones
const HIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/;

/** The form's text for a parameter's default. */
export function initialValue(parameter: SavedQueryParameter): string {
  return parameter.default === undefined ? '' : String(parameter.default);
}

/** A parameter without a default must be given. */
export function isRequired(parameter: SavedQueryParameter): boolean {
  return parameter.default === undefined;
}

/**
 * What is wrong with a value, by the same rules the server applies, or nothing. A blank value of a
 * parameter with a default is fine: the server uses the default.
 */
export function parameterError(
  parameter: SavedQueryParameter,
  raw: string,
): string | undefined {
  if (raw === '') {
    return isRequired(parameter) ? 'Required' : undefined;
  }
  switch (parameter.type) {
    case 'integer': {
      if (!/^-?\d{1,15}$/.test(raw.trim())) return 'Enter a whole number';
      const n = Number(raw);
      if (parameter.min !== undefined && n < parameter.min) {
        return `At least ${parameter.min}`;
      }
      if (parameter.max !== undefined && n > parameter.max) {
        return `At most ${parameter.max}`;
      }
      return undefined;
    }
    case 'choice':
      return parameter.options?.includes(raw)
        ? undefined
        : `One of ${(parameter.options ?? []).join(', ')}`;
    default: {
      const maxLength = parameter.maxLength ?? 256;
      if (raw.length > maxLength) {
        return `At most ${maxLength} characters (now ${raw.length})`;
      }
      if (HIDDEN_CHARACTERS.test(raw)) {
        return 'Contains control or invisible characters';
      }
      if (parameter.pattern) {
        let re: RegExp | undefined;
        try {
          re = new RegExp(`^(?:${parameter.pattern})$`, 'u');
        } catch {
          // a pattern this browser cannot compile is left to the server
        }
        if (re && !re.test(raw)) {
          return `Does not look like ${
            parameter.placeholder ?? `a value matching ${parameter.pattern}`
          }`;
        }
      }
      return undefined;
    }
  }
}

/** The value to send: integers as numbers, text as typed; blanks are left out for the server's default. */
export function parameterValue(
  parameter: SavedQueryParameter,
  raw: string,
): string | number | undefined {
  if (raw === '') return undefined;
  return parameter.type === 'integer' ? Number(raw.trim()) : raw;
}
