import {
  checkQueryParameter,
  QueryParameterProblem,
  LibraryQueryParameter,
} from '@internal/plugin-security-lake-common';

/** The form's text for a parameter's default. */
export function initialValue(parameter: LibraryQueryParameter): string {
  return parameter.default === undefined ? '' : String(parameter.default);
}

/** A parameter without a default must be given. */
export function isRequired(parameter: LibraryQueryParameter): boolean {
  return parameter.default === undefined;
}

/** The form's words for each rule a value can break. */
function say(problem: QueryParameterProblem): string {
  switch (problem.rule) {
    case 'integer':
      return 'Enter a whole number';
    case 'min':
      return `At least ${problem.min}`;
    case 'max':
      return `At most ${problem.max}`;
    case 'choice':
      return `One of ${problem.options.join(', ')}`;
    case 'maxLength':
      return `At most ${problem.maxLength} characters (now ${problem.length})`;
    case 'hidden':
      return 'Contains control or invisible characters';
    case 'pattern':
      return `Does not look like ${problem.expected}`;
    default:
      return problem.message;
  }
}

/**
 * What is wrong with a value, by the rules the server applies (`checkQueryParameter`, which it checks with
 * too), or nothing. A blank value of a parameter with a default is fine: the server uses the default.
 */
export function parameterError(
  parameter: LibraryQueryParameter,
  raw: string,
): string | undefined {
  if (raw === '') {
    return isRequired(parameter) ? 'Required' : undefined;
  }
  let checked;
  try {
    checked = checkQueryParameter(
      parameter,
      parameter.type === 'integer' ? raw.trim() : raw,
    );
  } catch {
    // a pattern this browser cannot compile is left to the server
    return undefined;
  }
  return checked.problem ? say(checked.problem) : undefined;
}

/** The value to send: integers as numbers, text as typed; blanks are left out for the server's default. */
export function parameterValue(
  parameter: LibraryQueryParameter,
  raw: string,
): string | number | undefined {
  if (raw === '') return undefined;
  return parameter.type === 'integer' ? Number(raw.trim()) : raw;
}
