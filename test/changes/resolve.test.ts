import { describe, expect, it } from 'vitest';
import { EMPTY_INVENTORY, functionsFor, type Inventory, inventoryNeeds } from '../../src/changes/resolve.js';
import type { ChangeTarget } from '../../src/changes/targets.js';

const A = '123456789012';
const B = '210987654321';
const R = 'eu-central-1';
const fn = (name: string, account = A, region = R) => `arn:aws:lambda:${region}:${account}:function:${name}`;
const role = (name: string, account = A) => `arn:aws:iam::${account}:role/service-role/${name}`;

const inventory: Inventory = {
  functions: [
    { arn: fn('a'), role: role('shared'), layers: [`arn:aws:lambda:${R}:${A}:layer:utils:3`] },
    { arn: fn('b'), role: role('shared'), layers: [] },
    { arn: fn('c'), role: role('shared'), layers: [`arn:aws:lambda:${R}:${A}:layer:utils-extra:1`] },
    { arn: fn('d'), role: role('own'), layers: [] },
    { arn: fn('e', B), role: role('shared', B), layers: [] },
  ],
  policyRoles: new Map([[`arn:aws:iam::${A}:policy/p`, ['own']]]),
  sources: new Map([
    [fn('a'), [{ kind: 's3', source: 'arn:aws:s3:::uploads' }]],
    [fn('b'), [{ kind: 'apigateway', source: `arn:aws:execute-api:${R}:${A}:api1/*/GET/orders` }]],
    [fn('c'), [{ kind: 'alb', source: `arn:aws:elasticloadbalancing:${R}:${A}:targetgroup/tg/1` }]],
    [fn('d', A, 'us-east-1'), [{ kind: 's3', source: 'arn:aws:s3:::uploads' }]],
  ]),
};

describe('functionsFor', () => {
  it.each<[string, ChangeTarget[], string[]]>([
    ['a named function, even one not listed', [{ kind: 'function', arn: fn('new') }], [fn('new')]],
    [
      'every function of the role, in that account only',
      [{ kind: 'role', account: A, roleName: 'shared' }],
      [fn('a'), fn('b'), fn('c')],
    ],
    [
      'the functions of the roles attaching a policy',
      [{ kind: 'policy', account: A, policyArn: `arn:aws:iam::${A}:policy/p` }],
      [fn('d')],
    ],
    [
      'the users of a layer, not of a layer whose name starts alike',
      [{ kind: 'layer', account: A, region: R, layerArn: `arn:aws:lambda:${R}:${A}:layer:utils` }],
      [fn('a')],
    ],
    [
      'the functions a bucket feeds, in its region',
      [{ kind: 'source', account: A, region: R, triggers: ['s3'], source: 'arn:aws:s3:::uploads' }],
      [fn('a')],
    ],
    [
      'the functions behind an API',
      [
        {
          kind: 'source',
          account: A,
          region: R,
          triggers: ['apigateway'],
          prefix: `arn:aws:execute-api:${R}:${A}:api1/`,
        },
      ],
      [fn('b')],
    ],
    [
      'every function behind a load balancer',
      [{ kind: 'source', account: A, region: R, triggers: ['alb'] }],
      [fn('c')],
    ],
    [
      'each function once',
      [
        { kind: 'function', arn: fn('a') },
        { kind: 'role', account: A, roleName: 'shared' },
      ],
      [fn('a'), fn('b'), fn('c')],
    ],
  ])('%s', (_label, targets, expected) => {
    expect(functionsFor(targets, inventory)).toEqual(expected);
  });

  it('finds nothing for a role when the inventory is empty', () => {
    expect(functionsFor([{ kind: 'role', account: A, roleName: 'shared' }], EMPTY_INVENTORY)).toEqual([]);
  });
});

describe('inventoryNeeds', () => {
  it('asks only for what the targets need', () => {
    expect(inventoryNeeds([{ kind: 'function', arn: fn('a') }])).toEqual({
      listings: new Set(),
      policies: new Set(),
      sources: false,
    });
    expect(
      inventoryNeeds([
        { kind: 'policy', account: A, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        { kind: 'source', account: B, region: R, triggers: ['sns'] },
      ]),
    ).toEqual({
      listings: new Set([A]),
      policies: new Set(['arn:aws:iam::aws:policy/AdministratorAccess']),
      sources: true,
    });
  });
});
