import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { ValidationFailedException } from './app.exception';
import { createValidationPipe, pathOfNul } from './validation.pipe';

class Address {
  @IsString()
  city: string;
}

class Person {
  @IsString()
  name: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Address)
  address?: Address;
}

const pipe = createValidationPipe();
const refusal = async (value: unknown, type: 'body' | 'query' = 'body', data?: string) => {
  const error = await pipe.transform(value, { type, metatype: Person, data }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationFailedException);
  return (error as ValidationFailedException).violations;
};

describe('NUL characters (Postgres text cannot hold them)', () => {
  it('finds the first string or key holding one, by its path', () => {
    expect(pathOfNul({ a: 'ok', b: { c: ['x', 'y\u0000'] } })).toBe('b.c.1');
    expect(pathOfNul({ ['k\u0000']: 'v' })).toBe('k\u0000');
    expect(pathOfNul('plain\u0000', 'q')).toBe('q');
    expect(pathOfNul({ a: 'line one\nline two', n: 3, t: true, z: null })).toBeNull();
  });

  it('are refused by the pipe for bodies and queries, naming the field', async () => {
    expect(await refusal({ name: '张\u0000三' })).toEqual([
      { field: 'name', constraints: [{ name: 'noNul', args: [] }] },
    ]);
    expect(await refusal({ name: '张三', address: { city: '聊城\u0000' } })).toEqual([
      { field: 'address.city', constraints: [{ name: 'noNul', args: [] }] },
    ]);
    expect(await refusal('x\u0000', 'query', 'q')).toEqual([
      { field: 'q', constraints: [{ name: 'noNul', args: [] }] },
    ]);
  });

  it('let other text through to the DTO rules as before', async () => {
    await expect(
      pipe.transform(
        { name: '张三\n李四', address: { city: '聊城' } },
        { type: 'body', metatype: Person },
      ),
    ).resolves.toBeInstanceOf(Person);
  });
});
