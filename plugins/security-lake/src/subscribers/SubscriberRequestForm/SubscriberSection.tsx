import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { FormSection, memoSection, textFieldProps } from './FormSection';
import {
  EditDraft,
  FieldErrors,
  TouchField,
} from './useSubscriberRequestDraft';

/** A random external id: 32 hex digits. */
export function randomExternalId(): string {
  const bytes = new Uint8Array(16);
  if (typeof globalThis.crypto?.getRandomValues === 'function') {
    globalThis.crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Math.floor(Math.random() * 256);
    }
  }
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/** Props for {@link SubscriberSection}. @internal */
export interface SubscriberSectionProps {
  id: string;
  /** An extension keeps the grant's principal and external id. */
  locked: boolean;
  subscriberName: string;
  principal: string;
  externalId: string;
  errors: FieldErrors;
  edit: EditDraft;
  touch: TouchField;
}

function SubscriberSectionFields(props: SubscriberSectionProps) {
  const { locked, subscriberName, principal, externalId, errors, edit } = props;
  return (
    <FormSection title="Subscriber">
      <TextField
        {...textFieldProps(
          props,
          'subscriberName',
          subscriberName,
          errors.subscriberName,
        )}
        required
        helperText={
          errors.subscriberName ??
          'How the subscriber is named in Security Lake and in the portal'
        }
        inputProps={{ maxLength: 64 }}
      />
      <TextField
        {...textFieldProps(props, 'principal', principal, errors.principal)}
        required
        disabled={locked}
        helperText={
          errors.principal ??
          'The AWS account id that will read the data, or a service principal such as glue.amazonaws.com'
        }
      />
      <Box display="flex" gridGap={8} alignItems="flex-start">
        <TextField
          {...textFieldProps(
            props,
            'externalId',
            externalId,
            errors.externalId,
          )}
          required
          disabled={locked}
          style={{ flex: 1 }}
          helperText={
            errors.externalId ??
            "The subscriber gives it when assuming the access role: share it with the subscriber's owners only"
          }
        />
        {!locked && (
          <Button
            variant="outlined"
            style={{ marginTop: 2 }}
            onClick={() =>
              edit({ externalId: randomExternalId() }, ['externalId'], {
                touch: true,
              })
            }
          >
            Generate
          </Button>
        )}
      </Box>
    </FormSection>
  );
}

/** Who reads the data: the subscriber's name, its principal and the external id it assumes the role with. */
export const SubscriberSection = memoSection(SubscriberSectionFields);
