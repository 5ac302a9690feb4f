import { ConfigError, isPlaceholderSecret, loadConfig } from './env';

const SECRET = 'a3f9c1e07b52d8446e1f0c9ab7d2e5f3816c4a0b9e7d3f21c5a8b06e4d9f7c12';
const base = { JWT_SECRET: SECRET };
const production = {
  ...base,
  NODE_ENV: 'production',
  QUESTION_BANK_KEY: 'ab'.repeat(32),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('CORS_ORIGINS', () => {
  it('is empty (same origin only) by default', () => {
    expect(loadConfig(base).api.corsOrigins).toEqual([]);
  });

  it('keeps explicit origins, normalised', () => {
    const config = loadConfig({
      ...base,
      CORS_ORIGINS: 'https://hr.example.org, http://127.0.0.1:5173/',
    });
    expect(config.api.corsOrigins).toEqual(['https://hr.example.org', 'http://127.0.0.1:5173']);
  });

  it.each(['*', 'hr.example.org', 'https://hr.example.org/app', 'ftp://x.example.org'])(
    'refuses %s',
    (value) => {
      expect(problemsOf({ ...base, CORS_ORIGINS: value })).toEqual([
        'CORS_ORIGINS must be a comma-separated list of http:// or https:// origins (no path, no *)',
      ]);
    },
  );
});

describe('CSP_CONNECT_SRC', () => {
  it('is empty by default (the api adds MEDIA_PUBLIC_URL itself)', () => {
    expect(loadConfig(base).api.connectOrigins).toEqual([]);
  });

  it('takes every media node origin when given', () => {
    const config = loadConfig({
      ...base,
      CSP_CONNECT_SRC: 'https://media-1.example.org,https://media-2.example.org:8443',
    });
    expect(config.api.connectOrigins).toEqual([
      'https://media-1.example.org',
      'https://media-2.example.org:8443',
    ]);
  });

  it('refuses a wildcard', () => {
    expect(problemsOf({ ...base, CSP_CONNECT_SRC: '*' })[0]).toMatch(/^CSP_CONNECT_SRC must be/);
  });
});

describe('TRUST_PROXY_HOPS', () => {
  it('trusts no proxy by default and takes a small hop count', () => {
    expect(loadConfig(base).api.trustProxyHops).toBe(0);
    expect(loadConfig({ ...base, TRUST_PROXY_HOPS: '1' }).api.trustProxyHops).toBe(1);
    expect(problemsOf({ ...base, TRUST_PROXY_HOPS: 'true' })).toEqual([
      'TRUST_PROXY_HOPS must be an integer between 0 and 10',
    ]);
  });
});

describe('JWT_SECRET in production', () => {
  it('accepts a random secret', () => {
    expect(problemsOf(production)).toEqual([]);
  });

  it.each([
    ['a repeated character', 'x'.repeat(40)],
    ['a changeme value', 'changeme-changeme-changeme-changeme'],
    ['a sample value', 'this-is-an-example-jwt-secret-for-docs-only'],
  ])('refuses %s, naming the variable but not the value', (_, secret) => {
    const problems = problemsOf({ ...production, JWT_SECRET: secret });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^JWT_SECRET looks like a placeholder/);
    expect(problems[0]).not.toContain(secret);
  });

  it('lets development and tests run with any secret of the minimum length', () => {
    expect(problemsOf({ JWT_SECRET: 'x'.repeat(40) })).toEqual([]);
  });

  it('is required everywhere', () => {
    expect(problemsOf({ NODE_ENV: 'production', QUESTION_BANK_KEY: 'ab'.repeat(32) })).toEqual([
      'JWT_SECRET is required (at least 32 characters)',
    ]);
  });
});

describe('isPlaceholderSecret', () => {
  it('tells random secrets from patterns', () => {
    expect(isPlaceholderSecret(SECRET)).toBe(false);
    expect(isPlaceholderSecret('Zq3+Lw9/pR1tXv7bN2mK5cH8dF0gJ4sA6eY=')).toBe(false);
    expect(isPlaceholderSecret('abababababababababababababababababab')).toBe(true);
  });
});
