import { loadConfigSchema } from '@backstage/config-loader';

describe('config.d.ts', () => {
  it('compiles into the schema Backstage validates configuration against', async () => {
    // the backend refuses to start on a schema that does not compile (a bare @deprecated tag, say)
    const schema = await loadConfigSchema({
      dependencies: [
        '@internal/plugin-security-lake-backend',
        '@internal/plugin-security-lake-backend-module-local',
      ],
    });
    const processed = schema.process(
      [{ context: 'test', data: { securityLake: { engine: 'athena' } } }],
      { visibility: ['frontend'], ignoreSchemaErrors: true },
    );
    // the plugin's keys are backend-only: none reaches the frontend
    expect(processed[0].data).toEqual({});
  });
});
