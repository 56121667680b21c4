import { describe, expect, it } from 'vitest';
import { actionsName, nextCodeName } from '../../components/codes/accountNames';

describe('accessible names of row controls', () => {
  it('name the menu after issuer and account, so two accounts of one issuer differ', () => {
    expect(actionsName({ issuer: 'GitHub', label: 'alice' })).toBe('Actions for GitHub alice');
    expect(actionsName({ issuer: 'GitHub', label: 'bob' })).toBe('Actions for GitHub bob');
    expect(actionsName({ issuer: '', label: 'alice' })).toBe('Actions for alice');
    expect(actionsName({ issuer: 'GitHub', label: '' })).toBe('Actions for GitHub');
  });

  it('name the HOTP button after the issuer, or the account when there is no issuer', () => {
    expect(nextCodeName({ issuer: 'Counter Co', label: 'carol' })).toBe('Next code for Counter Co');
    expect(nextCodeName({ issuer: '', label: 'carol' })).toBe('Next code for carol');
  });
});
