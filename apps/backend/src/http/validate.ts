import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Parses `input` with `schema`, returning the parsed (defaulted, transformed) value or throwing. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error, `The ${what} is invalid`);
  return result.data;
}
