import { ResponseError } from '@backstage/errors';
import { serverMessage } from './serverMessage';

describe('serverMessage', () => {
  it("takes the server's message out of a ResponseError", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: 'parameters.start: the window may cover at most 31 days',
          },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    expect(error.message).toMatch(/^Request failed with 400/);
    expect(serverMessage(error)).toBe(
      'parameters.start: the window may cover at most 31 days',
    );
    expect(serverMessage(new Error('offline'))).toBe('offline');
  });
});
