import { InputError } from '@backstage/errors';
import { SavedQueryParameter } from '@internal/plugin-security-lake-common';

/** C0/C1 controls, and the invisible or direction-changing characters a look-alike value hides behind. @internal */
export const HIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/;

/** Checks one value against its parameter's rules; the message names the parameter. @internal */
export function checkParameterValue(
  parameter: SavedQueryParameter,
  value: unknown,
): string | number {
  const field = `parameters.${parameter.name}`;
  switch (parameter.type) {
    case 'integer': {
      const n =
        typeof value === 'string' && /^-?\d{1,15}$/.test(value)
          ? Number(value)
          : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
        throw new InputError(`${field}: must be a whole number`);
      }
      if (parameter.min !== undefined && n < parameter.min) {
        throw new InputError(`${field}: must be at least ${parameter.min}`);
      }
      if (parameter.max !== undefined && n > parameter.max) {
        throw new InputError(`${field}: must be at most ${parameter.max}`);
      }
      return n;
    }
    case 'choice': {
      if (typeof value !== 'string' || !parameter.options?.includes(value)) {
        throw new InputError(
          `${field}: must be one of ${(parameter.options ?? []).join(', ')}`,
        );
      }
      return value;
    }
    default: {
      if (typeof value !== 'string') {
        throw new InputError(`${field}: must be text`);
      }
      const maxLength = parameter.maxLength ?? 256;
      if (value.length > maxLength) {
        throw new InputError(
          `${field}: may be at most ${maxLength} characters long`,
        );
      }
      if (HIDDEN_CHARACTERS.test(value)) {
        throw new InputError(
          `${field}: contains control or invisible characters`,
        );
      }
      if (
        parameter.pattern &&
        !new RegExp(`^(?:${parameter.pattern})$`, 'u').test(value)
      ) {
        throw new InputError(
          `${field}: does not look like ${
            parameter.placeholder ?? `a value matching ${parameter.pattern}`
          }`,
        );
      }
      return value;
    }
  }
}
