/**
 * The organization the fake's Organizations API serves, and which regions each account has
 * enabled (the Account API's ListRegions). Shapes follow the API responses (PascalCase).
 */

/** An account as ListAccounts answers it, plus where it sits (`ParentId`: an OU, or the root). */
export interface WorldOrgAccount {
  Id: string;
  Name?: string;
  Email?: string;
  /** ACTIVE (default), SUSPENDED, PENDING_CLOSURE or CLOSED. */
  State?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';
  /** An OU id; default the root. */
  ParentId?: string;
}

export interface WorldOrgUnit {
  Id: string;
  Name: string;
  /** An OU id; default the root. */
  ParentId?: string;
}

export interface WorldOrganization {
  /** `o-` and 10 to 32 letters or digits. */
  Id: string;
  /** `r-` and 4 to 32 letters or digits. */
  RootId: string;
  /** The only account (with the delegated administrators) whose credentials may list the organization. */
  ManagementAccountId: string;
  DelegatedAdministrators?: string[];
  accounts: WorldOrgAccount[];
  units?: WorldOrgUnit[];
}

/**
 * Every region the fake's ListRegions knows: the ones enabled by default in a new account, and
 * the opt-in ones (DISABLED unless an account's `enabledRegions` names them).
 */
export const DEFAULT_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'eu-south-1',
  'eu-south-2',
  'eu-central-2',
  'me-south-1',
  'me-central-1',
  'il-central-1',
];
