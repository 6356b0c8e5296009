import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import type { AdfDoc } from '../../src/tickets/adf.js';
import { ticketContent } from '../../src/tickets/content.js';
import { ticketFromReport, ticketProposal } from '../../src/tickets/ticket.js';
import { adfProblem, adfText } from '../fakes/jira/index.js';
import {
  DIFF_TEXT,
  FN,
  PROPOSED_POLICY,
  ROLE_FINDING,
  roleTicket,
  SECRETS,
  secretsTicket,
} from './fixtures.js';

/** The code blocks of an ADF document with their language. */
function adfCode(doc: AdfDoc): { language: unknown; text: string }[] {
  return doc.content
    .filter((n) => n.type === 'codeBlock')
    .map((n) => ({ language: n.attrs?.language, text: adfText(n) }));
}

function markdownJsonBlocks(md: string): string[] {
  return [...md.matchAll(/^(`{3,})json\n([\s\S]*?)\n\1$/gm)].map((m) => m[2] ?? '');
}

describe('ticketContent', () => {
  it('puts the proposed policy, valid and unredacted, and the diff in both bodies', () => {
    const content = ticketContent(roleTicket);
    const policies = markdownJsonBlocks(content.markdown).map((text) => JSON.parse(text) as unknown);
    expect(policies).toContainEqual(PROPOSED_POLICY);
    expect(content.markdown).toContain(DIFF_TEXT);
    const code = adfCode(content.adf);
    expect(code.map((c) => JSON.parse(c.language === 'json' ? c.text : '0') as unknown)).toContainEqual(
      PROPOSED_POLICY,
    );
    expect(code.some((c) => c.language === 'text' && c.text === DIFF_TEXT)).toBe(true);
  });

  it('titles a role ticket by what to do, and labels it with the check id', () => {
    const content = ticketContent(roleTicket);
    expect(content.title).toBe(
      'Tighten execution role orders-api-role of orders-api (account 123456789012, eu-west-1)',
    );
    expect(content.labels).toEqual([
      'lambda-audit',
      'role-unused-services',
      'lambda-audit-fp-f00dfeedf00dfeed0001',
    ]);
    expect(content.fingerprints).toEqual([ROLE_FINDING.fingerprint]);
  });

  it('links the function and the role in the AWS console', () => {
    const content = ticketContent(roleTicket);
    const fnUrl =
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders-api';
    const roleUrl = 'https://console.aws.amazon.com/iam/home#/roles/details/orders-api-role';
    expect(content.links).toEqual({ function: fnUrl, role: roleUrl });
    expect(content.markdown).toContain(`(<${fnUrl}>)`);
    expect(JSON.stringify(content.adf)).toContain(JSON.stringify({ type: 'link', attrs: { href: roleUrl } }));
  });

  it('names the secret variable but never a value, even when the evidence leaks one', () => {
    const content = ticketContent(secretsTicket);
    for (const body of [content.markdown, JSON.stringify(content.adf)]) {
      expect(body).toContain('DB_URL');
      for (const secret of SECRETS) expect(body).not.toContain(secret);
    }
    expect(content.markdown).toContain('[REDACTED]');
    expect(content.markdown).toContain('[value withheld]');
  });

  it('writes ADF that Jira accepts', () => {
    expect(adfProblem(ticketContent(roleTicket).adf)).toBeNull();
    expect(adfProblem(ticketContent(secretsTicket).adf)).toBeNull();
  });

  it('escapes hostile text so it cannot add links, HTML or mentions on GitHub', () => {
    const hostile: Finding = {
      ...ROLE_FINDING,
      title: 'Bad [click](https://evil.example) <img src=x onerror=alert(1)> @acme/security',
      detail: '`code` **bold** # heading',
    };
    const { markdown } = ticketContent({ function: FN, findings: [hostile] });
    expect(markdown).not.toContain('[click](https://evil.example)');
    expect(markdown).not.toMatch(/(?<!\\)<img/);
    expect(markdown).not.toMatch(/@acme/);
    expect(markdown).toContain('\\[click\\]');
  });

  it('leaves out a policy too long for the tracker instead of cutting it off', () => {
    const huge = {
      Version: '2012-10-17',
      Statement: Array.from({ length: 400 }, (_, i) => ({
        Sid: `S${i}`,
        Effect: 'Allow' as const,
        Action: [`s3:GetObject`],
        Resource: [`arn:aws:s3:::bucket-${i}/*`],
      })),
    };
    const content = ticketContent({ ...roleTicket, proposal: { policy: huge, diffText: DIFF_TEXT } });
    expect(JSON.stringify(content.adf).length).toBeLessThan(32_767);
    expect(content.markdown.length).toBeLessThan(65_536);
    expect(content.markdown).toContain('is too long for this ticket');
    expect(markdownJsonBlocks(content.markdown).some((block) => block.includes('"S399"'))).toBe(false);
  });

  it('keeps many findings within the limits, the first in full and the rest in short', () => {
    const findings = Array.from({ length: 60 }, (_, i) => ({
      ...ROLE_FINDING,
      fingerprint: `fp${i}`,
      evidence: { blob: 'x'.repeat(3_000) },
    }));
    const content = ticketContent({ function: FN, findings });
    expect(JSON.stringify(content.adf).length).toBeLessThan(32_767);
    expect(content.markdown).toContain('more, in short:');
    expect(content.title).toBe('60 findings on orders-api (account 123456789012, eu-west-1), highest medium');
  });

  it('builds a ticket from an audit report and an IAM proposal', () => {
    const ticket = ticketFromReport(
      {
        function: { name: FN.name, arn: FN.arn, accountId: FN.accountId, region: FN.region, runtime: null },
        role: { arn: FN.roleArn ?? '', sharedWith: 1 },
      },
      [ROLE_FINDING],
      {
        proposal: ticketProposal({
          policy: PROPOSED_POLICY,
          diff: DIFF_TEXT,
          caveats: ['c'],
          confidence: 'low',
        }),
      },
    );
    expect(ticket.function).toEqual(FN);
    expect(ticket.proposal).toEqual({
      policy: PROPOSED_POLICY,
      diffText: DIFF_TEXT,
      caveats: ['c'],
      confidence: 'low',
    });
    expect(() =>
      ticketFromReport({ function: ticket.function as never, role: { arn: '', sharedWith: null } }, []),
    ).toThrow(RangeError);
  });
});
