import { describe, expect, it } from 'vitest';
import {
  AWS_LAYER_PUBLISHER_ACCOUNTS,
  AWS_LAYER_PUBLISHERS,
} from '../../../src/checks/secrets/aws-layer-publishers.js';

describe("AWS's own layer publishers", () => {
  it('lists 12-digit account ids only', () => {
    for (const accounts of Object.values(AWS_LAYER_PUBLISHERS)) {
      for (const account of accounts) expect(account).toMatch(/^\d{12}$/);
    }
  });

  it('trusts the Lambda Insights publisher', () => {
    expect(AWS_LAYER_PUBLISHER_ACCOUNTS.has('580247275435')).toBe(true);
  });
});
