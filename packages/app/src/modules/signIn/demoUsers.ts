/** A user of the demo catalog (examples/org.yaml). */
export interface DemoUser {
  name: string;
  displayName: string;
  team: string;
  description: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    name: 'alice',
    displayName: 'Alice Payments',
    team: 'team-payments',
    description: 'Owns the payments accounts: sees only those.',
  },
  {
    name: 'carol',
    displayName: 'Carol Checkout',
    team: 'team-checkout',
    description: 'Owns the checkout accounts: sees only those.',
  },
  {
    name: 'pat',
    displayName: 'Pat Platform',
    team: 'platform-security',
    description: 'Platform owner: sees every account, approves subscribers.',
  },
];
