import assert from 'node:assert/strict';
import { describe, test } from '../../../../test/support/node-test.js';
import { ConfigError, loadConfig } from '../../../config.js';

const provider = {
  id: 'eu-login',
  issuer: 'https://ecas.example.eu/cas/oauth2',
  clientId: 'jhanet',
  clientSecret: 's3cret',
  label: 'EU Login',
};
const withProviders = (value: unknown) =>
  loadConfig({ JHANET_SSO_PROVIDERS: JSON.stringify(value) }).sso;

describe('JHANET_SSO_PROVIDERS', () => {
  test('unset: no provider', () => {
    assert.deepEqual(loadConfig({}).sso, []);
  });

  test('a provider: no domain or agency limit, no account creation unless said', () => {
    assert.deepEqual(withProviders([provider]), [
      { ...provider, emailDomains: [], agency: null, createAccounts: false },
    ]);
  });

  test('refuses what would be unsafe or unclear, naming the entry', () => {
    const refusals: [unknown, RegExp][] = [
      ['not json', /JSON/],
      [{ ...provider }, /JSON list/],
      [[{ ...provider, issuer: 'http://login.example.eu' }], /\[0\].*https/],
      [[{ ...provider, clientSecret: '' }], /\[0\].*clientSecret/],
      [[{ ...provider, createAccounts: true }], /\[0\].*needs "agency"/],
      [[{ ...provider, role: 'admin' }], /\[0\].*unknown setting "role"/],
      [[provider, provider], /"id" of its own/],
      [[{ ...provider, emailDomains: ['not a domain'] }], /\[0\].*emailDomains/],
    ];
    for (const [value, message] of refusals) {
      const raw = typeof value === 'string' ? value : JSON.stringify(value);
      assert.throws(
        () => loadConfig({ JHANET_SSO_PROVIDERS: raw }),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
        raw,
      );
    }
  });

  test('plain HTTP on localhost only, for a provider on this machine', () => {
    const [local] = withProviders([{ ...provider, issuer: 'http://localhost:8080/oidc' }]);
    assert.equal(local?.issuer, 'http://localhost:8080/oidc');
  });
});
