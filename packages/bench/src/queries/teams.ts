/*
 * The bench organisation: teams that each own one AWS account and have one member, written as catalog
 * YAML for a file location.
 */
import fs from 'node:fs';

export interface Team {
  group: string;
  user: string;
  accountId: string;
}

export function benchTeams(count: number): Team[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      group: `bench-team-${n}`,
      user: `bench-user-${n}`,
      accountId: String(900000000000 + i + 1),
    };
  });
}

/** A Group, its User and its cloud-account Resource per team. */
export function writeTeamsCatalog(file: string, teams: Team[]) {
  const entities = teams.flatMap(team => [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team.group },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: team.user },
      spec: { memberOf: [team.group] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `aws-${team.group}`,
        annotations: { 'amazonaws.com/account-id': team.accountId },
      },
      spec: { type: 'cloud-account', owner: `group:default/${team.group}` },
    },
  ]);
  // JSON is YAML: one document per entity
  fs.writeFileSync(
    file,
    entities.map(e => `---\n${JSON.stringify(e, null, 2)}\n`).join(''),
  );
}
