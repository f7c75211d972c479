// yarn mcp:try <Backstage user token> [backend URL]: what an assistant sees of the portal's Security Lake tools,
// through the MCP SDK's own client over Streamable HTTP, as the user whose token it is.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [token, backend = 'http://localhost:7007'] = process.argv.slice(2);
if (!token) {
  console.error(
    'usage: yarn mcp:try <Backstage user token> [backend URL] (README, "Ask an assistant")',
  );
  process.exit(2);
}

const client = new Client({ name: 'security-lake-mcp-try', version: '1.0.0' });
await client.connect(
  new StreamableHTTPClientTransport(new URL(`${backend}/api/mcp-actions/v1`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  }),
);

const call = async (name, args) => {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError)
    throw new Error(`${name}: ${result.content.map(c => c.text).join(' ')}`);
  return result.structuredContent;
};

try {
  const { tools } = await client.listTools();
  console.log(
    `tools: ${tools
      .map(t => t.name)
      .filter(n => n.startsWith('security-lake.'))
      .join(', ')}`,
  );

  const findings = await call('security-lake.list-findings', { limit: 5 });
  console.log(
    `\nfindings in your accounts: ${findings.total}${
      findings.refreshing.length ? ' (still reading some: ask again)' : ''
    }`,
  );
  for (const f of findings.findings) {
    console.log(
      `  ${f.severity.padEnd(13)} ${f.accountId} ${f.region.padEnd(14)} ${
        f.title
      }`,
    );
  }

  const run = await call('security-lake.run-library-query', {
    queryId: 'cloudtrail-iam-changes',
    maxRows: 5,
  });
  console.log(
    `\ncloudtrail-iam-changes over ${run.accountIds.join(', ')}: ${
      run.state
    }, ${run.rowCount ?? '?'} rows, ${run.dataScannedBytes ?? 0} bytes scanned`,
  );
  if (run.columns) {
    console.log(`  ${run.columns.map(c => c.name).join(' | ')}`);
    for (const row of run.rows) console.log(`  ${row.join(' | ')}`);
  }
  console.log(`  ${run.link}`);
} finally {
  await client.close();
}
