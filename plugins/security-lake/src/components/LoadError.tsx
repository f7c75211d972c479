import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import { Alert, AlertTitle } from '@material-ui/lab';
import { serverMessage } from '../api/serverMessage';

/** Props for {@link LoadError}. @internal */
export interface LoadErrorProps {
  error: unknown;
  /** What failed to load, as the user knows it: "this run", "the findings", "your team's queries". */
  what: string;
  /** Offered when trying again can help (a failure of the server or the network, not a 404 or a 403). */
  onRetry?: () => void;
}

type Kind = 'not-found' | 'not-allowed' | 'bad-request' | 'failed';

/** What kind of failure it is: by HTTP status from the client, or by the error's name (`NotFoundError`). */
function kindOf(error: unknown): Kind {
  const status =
    error instanceof ResponseError ? error.response.status : undefined;
  const name =
    error instanceof ResponseError
      ? error.body?.error?.name
      : (error as { name?: string } | undefined)?.name;
  if (status === 404 || name === 'NotFoundError') return 'not-found';
  if (
    status === 401 ||
    status === 403 ||
    name === 'NotAllowedError' ||
    name === 'AuthenticationError'
  ) {
    return 'not-allowed';
  }
  if (
    (status !== undefined && status >= 400 && status < 500) ||
    name === 'InputError'
  ) {
    return 'bad-request';
  }
  return 'failed';
}

/**
 * Why something did not load, in words a user can act on, and only what can help: a thing that does not
 * exist or is not theirs is said to be so (the portal never tells the two apart), a refusal says what was
 * refused, and a failure of the server or network offers to try again. The server's own message is shown;
 * no status line, no stack trace.
 *
 * @internal
 */
export function LoadError(props: LoadErrorProps) {
  const { error, what, onRetry } = props;
  const kind = kindOf(error);
  const message = serverMessage(error);
  const title = {
    'not-found': `Can't find ${what}`,
    'not-allowed': `You can't see ${what}`,
    'bad-request': `Couldn't load ${what}`,
    failed: `Couldn't load ${what}`,
  }[kind];
  const body = {
    'not-found': `${message}. It may not exist, or it may belong to accounts your teams don't own: check the link, or ask its owners for what you need.`,
    'not-allowed': `Your Backstage identity isn't allowed this (${message}). Ask the platform owners if you need it.`,
    'bad-request': message,
    failed: `Something went wrong on the way: ${message}`,
  }[kind];
  const retry = kind === 'failed' && onRetry;
  return (
    <Alert
      severity={kind === 'failed' ? 'error' : 'warning'}
      action={
        retry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{title}</AlertTitle>
      {body}
    </Alert>
  );
}
