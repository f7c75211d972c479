import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import { InputError, NotAllowedError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import type { AnyZodObject, z } from 'zod/v3';
import { audited } from '../http/audit';

/**
 * One Security Lake action: what the registry shows an assistant, and what it does for the signed-in user
 * it is invoked for.
 *
 * @internal
 */
export interface SecurityLakeAction<
  TInput extends AnyZodObject,
  TOutput extends AnyZodObject,
> {
  name: string;
  title: string;
  description: string;
  input: (zod: typeof z) => TInput;
  output: (zod: typeof z) => TOutput;
  /** Who may see the action at all; everyone signed in when unset. */
  visibilityPermission?: BasicPermission;
  /** Only a signed-in user may call it (see `ServiceReadableAction` for those a service may). */
  serviceReaders?: false;
  /** Set on every action, so no default decides what an assistant may do unasked. */
  attributes: { readOnly: boolean; idempotent: boolean; destructive: boolean };
  action: (context: {
    input: z.infer<TInput>;
    credentials: BackstageCredentials<BackstageUserPrincipal>;
  }) => Promise<z.infer<TOutput>>;
}

/**
 * A read-only action over coverage or findings that a caller without a user may call too, reading only the
 * accounts configuration names for it (`securityLake.actions.serviceReaders`, applied by `AccountScope`).
 *
 * @internal
 */
export type ServiceReadableAction<
  TInput extends AnyZodObject,
  TOutput extends AnyZodObject,
> = Omit<SecurityLakeAction<TInput, TOutput>, 'action' | 'serviceReaders'> & {
  serviceReaders: true;
  action: (context: {
    input: z.infer<TInput>;
    credentials: BackstageCredentials;
  }) => Promise<z.infer<TOutput>>;
};

/**
 * Registers the capabilities' actions with Backstage's actions registry (`security-lake:<name>`, served to
 * assistants by the MCP actions backend). Every action acts for the user it is invoked on behalf of, so
 * their catalog ownership decides its accounts through `AccountScope` exactly as for the API. A caller that
 * is not a user (a static service token) is refused before anything is read, except by the read-only
 * coverage and findings actions, which answer it with the accounts configuration names for its subject
 * (none unless named). Every call is audited (`action-invoke`, with the action's name).
 *
 * The registry checks an input's JSON types against the schema; an action checks the values themselves
 * with the same rules as the API and answers a bad one with an InputError that names the field.
 *
 * @internal
 */
export class ActionRegistrar {
  constructor(
    private readonly options: {
      registry: ActionsRegistryService;
      auth: AuthService;
      auditor: AuditorService;
      /** The frontend's base URL (`app.baseUrl`), for links into the portal. */
      appBaseUrl: string;
    },
  ) {}

  /** A link to the portal's Security Lake page, with a place in it (`tab=queries&run=…`). */
  portalLink(place: Record<string, string>): string {
    const base = this.options.appBaseUrl.replace(/\/+$/, '');
    return `${base}/security-lake?${new URLSearchParams(place)}`;
  }

  register<TInput extends AnyZodObject, TOutput extends AnyZodObject>(
    spec:
      | SecurityLakeAction<TInput, TOutput>
      | ServiceReadableAction<TInput, TOutput>,
  ): void {
    const { auth, auditor } = this.options;
    const options: ActionsRegistryActionOptions<TInput, TOutput> = {
      name: spec.name,
      title: spec.title,
      description: spec.description,
      schema: { input: spec.input, output: spec.output },
      attributes: spec.attributes,
      ...(spec.visibilityPermission
        ? { visibilityPermission: spec.visibilityPermission }
        : {}),
      action: (async ({ input, credentials }) =>
        audited(
          auditor,
          {
            eventId: 'action-invoke',
            severityLevel: spec.attributes.readOnly ? 'low' : 'medium',
            meta: {
              action: `security-lake:${spec.name}`,
              input: input as JsonObject,
            },
          },
          async () => {
            if (
              spec.serviceReaders &&
              auth.isPrincipal(credentials, 'service')
            ) {
              // AccountScope answers such a caller with the accounts configured for it, or none
              const output = await spec.action({ input, credentials });
              return { result: { output } };
            }
            if (!auth.isPrincipal(credentials, 'user')) {
              const kind = auth.isPrincipal(credentials, 'service')
                ? 'service'
                : 'anonymous';
              throw new NotAllowedError(
                `security-lake:${spec.name} acts for a signed-in user, whose catalog ownership decides the accounts it reads; a ${kind} caller has none. Connect with a user's Backstage token.`,
              );
            }
            const output = await spec.action({ input, credentials });
            return { result: { output } };
          },
        )) as ActionsRegistryActionOptions<TInput, TOutput>['action'],
    };
    this.options.registry.register(options);
  }
}

/**
 * Checks that every value of a list field is one of `allowed`; the error names the field and the values it
 * takes. For the enumerations an assistant fills in (severities, healths), so a wrong value is explained
 * rather than refused as a whole input.
 *
 * @internal
 */
export function checkOneOf<T extends string>(
  field: string,
  values: string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (values === undefined) return undefined;
  const bad = values.find(v => !(allowed as readonly string[]).includes(v));
  if (bad !== undefined) {
    throw new InputError(
      `${field}: "${bad}" is not one of ${allowed.join(', ')}`,
    );
  }
  return values as T[];
}

/**
 * Checks a whole number is within bounds, naming the field when it is not.
 *
 * @internal
 */
export function checkRange(
  field: string,
  value: number | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(
      `${field}: must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}
