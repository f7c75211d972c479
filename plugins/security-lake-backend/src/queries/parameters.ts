import { InputError } from '@backstage/errors';
import {
  checkQueryParameter,
  LibraryQueryParameter,
} from '@internal/plugin-security-lake-common';

/**
 * Checks one value against its parameter's rules (`checkQueryParameter`, the form's too) and answers it as
 * it is bound; a 400 names the parameter and the rule.
 *
 * @internal
 */
export function checkParameterValue(
  parameter: LibraryQueryParameter,
  value: unknown,
): string | number {
  const checked = checkQueryParameter(parameter, value);
  if (checked.problem) {
    throw new InputError(
      `parameters.${parameter.name}: ${checked.problem.message}`,
    );
  }
  return checked.value;
}
