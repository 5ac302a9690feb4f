import {
  AUDIT_ACTOR_PATTERN,
  likePrefixPattern,
  userIdOfActor,
  userIdsOfActors,
} from './audit-actor';

const ID = '9d1c2f4e-0b7a-4c3d-8e5f-1a2b3c4d5e6f';

describe('audit actors', () => {
  it.each([
    [`user:${ID}`, true],
    ['system', true],
    ['anonymous', true],
    ['user:1', false],
    [`user:${ID} `, false],
    ['System', false],
    [`user:${ID}\nsystem`, false],
    ['', false],
  ])('%j is a valid actor filter: %s', (actor, valid) => {
    expect(AUDIT_ACTOR_PATTERN.test(actor)).toBe(valid);
  });

  it('finds the user id of a user actor only', () => {
    expect(userIdOfActor(`user:${ID}`)).toBe(ID);
    expect(userIdOfActor(`user:${ID.toUpperCase()}`)).toBe(ID);
    expect(userIdOfActor('user:evil')).toBeNull();
    expect(userIdOfActor('system')).toBeNull();
    expect(userIdOfActor('anonymous')).toBeNull();
  });

  it('lists each user once, whatever else is among the actors', () => {
    const other = '00000000-0000-4000-8000-000000000001';
    expect(
      userIdsOfActors([`user:${ID}`, 'system', `user:${other}`, `user:${ID}`, 'user:1']),
    ).toEqual([ID, other]);
  });
});

describe('action prefix pattern', () => {
  it('matches the prefix literally', () => {
    expect(likePrefixPattern('score.')).toBe('score.%');
    expect(likePrefixPattern('auth.login_')).toBe('auth.login\\_%');
    expect(likePrefixPattern('100%')).toBe('100\\%%');
    expect(likePrefixPattern('a\\b')).toBe('a\\\\b%');
  });
});
