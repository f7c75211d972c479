import TextField from '@material-ui/core/TextField';
import { FormSection, memoSection, textFieldProps } from './FormSection';
import {
  EditDraft,
  FieldErrors,
  TouchField,
} from './useSubscriberRequestDraft';

/** Props for {@link PurposeSection}. @internal */
export interface PurposeSectionProps {
  id: string;
  justification: string;
  expiresAt: string;
  errors: FieldErrors;
  edit: EditDraft;
  touch: TouchField;
}

function PurposeSectionFields(props: PurposeSectionProps) {
  const { justification, expiresAt, errors } = props;
  return (
    <FormSection title="Why and how long">
      <TextField
        {...textFieldProps(
          props,
          'justification',
          justification,
          errors.justification,
        )}
        required
        multiline
        minRows={3}
        helperText={
          errors.justification ??
          'What the access is for: the approvers read it'
        }
        inputProps={{ maxLength: 2000 }}
      />
      <TextField
        {...textFieldProps(props, 'expiresAt', expiresAt, errors.expiresAt)}
        type="date"
        InputLabelProps={{ shrink: true }}
        style={{ maxWidth: 240 }}
        helperText={
          errors.expiresAt ??
          'Optional: access is removed after this day, at most a year away'
        }
      />
    </FormSection>
  );
}

/** Why and how long: the justification the approvers read, and when the access ends. */
export const PurposeSection = memoSection(PurposeSectionFields);
