import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ComponentType, memo, ReactNode } from 'react';
import {
  DraftFields,
  EditDraft,
  FIELD_LABELS,
  FieldErrors,
  FieldKey,
  TouchField,
} from './useSubscriberRequestDraft';

/** One part of the form, as a fieldset with its title as legend. */
export function FormSection(props: { title: string; children: ReactNode }) {
  return (
    <Box component="fieldset" border={0} padding={0} margin={0} minWidth={0}>
      <Typography variant="h6" component="legend" gutterBottom>
        {props.title}
      </Typography>
      <Box display="flex" flexDirection="column" gridGap={16}>
        {props.children}
      </Box>
    </Box>
  );
}

/** The draft's text fields, and the field of the check each one is. */
const TEXT_FIELDS = {
  subscriberName: 'subscriberName',
  principal: 'principal',
  externalId: 'externalId',
  endpoint: 'notification.endpoint',
  targetRoleArn: 'notification.targetRoleArn',
  justification: 'justification',
  expiresAt: 'expiresAt',
} as const satisfies Partial<Record<keyof DraftFields, FieldKey>>;

export type TextFieldName = keyof typeof TEXT_FIELDS;

/**
 * The props every text field of the form shares: its id and label, its value, an edit that ends the
 * server's refusal of it, and its leaving that has its problems said.
 */
export function textFieldProps(
  form: { id: string; edit: EditDraft; touch: TouchField },
  name: TextFieldName,
  value: string,
  error: string | undefined,
) {
  const key = TEXT_FIELDS[name];
  return {
    id: `${form.id}-${key.replace('.', '-')}`,
    label: FIELD_LABELS[key],
    variant: 'outlined' as const,
    size: 'small' as const,
    value,
    onChange: (e: { target: { value: string } }) =>
      form.edit({ [name]: e.target.value }, [key]),
    onBlur: () => form.touch(key),
    error: !!error,
  };
}

function sameErrors(a: FieldErrors, b: FieldErrors): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<FieldKey>;
  return [...keys].every(k => a[k] === b[k]);
}

/**
 * A section that re-renders only when one of its props changes, its errors compared one by one (the draft
 * makes them anew each render): typing in one section leaves the others as they are.
 */
export function memoSection<P extends { errors: FieldErrors }>(
  Section: ComponentType<P>,
) {
  return memo(Section, (before, after) =>
    (Object.keys(after) as (keyof P)[]).every(k =>
      k === 'errors'
        ? sameErrors(before.errors, after.errors)
        : before[k] === after[k],
    ),
  );
}
