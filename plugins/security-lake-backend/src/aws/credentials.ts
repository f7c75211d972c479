import {
  AwsCredentialProvider,
  AwsCredentialsManager,
} from '@backstage/integration-aws-node';

type SdkCredentialProvider = AwsCredentialProvider['sdkCredentialProvider'];

/**
 * Defers resolving the account's credentials to the first request, so that building a client does no I/O
 * and a lookup failure surfaces on a call (where the caller logs it) rather than at startup.
 *
 * @internal
 */
export function lazyCredentialProvider(
  manager: AwsCredentialsManager,
  accountId: string | undefined,
): SdkCredentialProvider {
  let provider: Promise<SdkCredentialProvider> | undefined;
  return async identityProperties => {
    provider ??= manager
      .getCredentialProvider({ accountId })
      .then(p => p.sdkCredentialProvider)
      .catch(error => {
        // Forget the failure so the next call tries again
        provider = undefined;
        throw error;
      });
    return (await provider)(identityProperties);
  };
}
