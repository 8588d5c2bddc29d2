import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { yt8mMissingModalitySchema } from './yt8m-common-options.js';

describe('yt8mMissingModalitySchema', () => {
  const schema = {
    type: 'object',
    properties: { missingModality: yt8mMissingModalitySchema('what a missing modality is') },
  };
  const validate = new Ajv({ useDefaults: true }).compile(schema);

  it('defaults to "error", takes "omit", and refuses anything else', () => {
    const empty: { missingModality?: string } = {};
    expect(validate(empty)).toBe(true);
    expect(empty.missingModality).toBe('error');
    expect(validate({ missingModality: 'omit' })).toBe(true);
    expect(validate({ missingModality: 'skip' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/missingModality', keyword: 'enum' });
  });

  it('keeps the description it is given', () => {
    expect(yt8mMissingModalitySchema('what a missing modality is')).toMatchObject({ description: 'what a missing modality is' });
  });
});
