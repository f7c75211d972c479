import { HttpAuthService } from '@backstage/backend-plugin-api';
import { SubscriberRequestInput } from '@internal/plugin-security-lake-common';
import { SecurityLakeRouter } from '../http/SecurityLakeRouter';
import { SubscriberService } from './SubscriberService';

/** The subscriber request endpoints; every transition is audited by the service's listener. @internal */
export function addSubscriberRoutes(
  router: SecurityLakeRouter,
  options: { httpAuth: HttpAuthService; subscribers: SubscriberService },
) {
  const { httpAuth, subscribers } = options;

  router.post('/subscriber-requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // the spec keeps sources, access type and notification loose so that the service's check, shared with
    // the form, names the field that is wrong; it checks every field before anything is written
    res
      .status(201)
      .json(
        await subscribers.create(
          credentials,
          req.body as SubscriberRequestInput,
        ),
      );
  });

  router.get('/subscriber-requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await subscribers.list(credentials, { state: req.query.state }));
  });

  router.get('/subscriber-requests/:requestId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await subscribers.get(credentials, req.params.requestId));
  });

  for (const action of [
    'approve',
    'reject',
    'withdraw',
    'revoke',
    'retry',
  ] as const) {
    router.post(
      `/subscriber-requests/:requestId/${action}`,
      async (req, res) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        res.json(
          await subscribers.act(
            credentials,
            req.params.requestId,
            action,
            req.body ?? {},
          ),
        );
      },
    );
  }
}
