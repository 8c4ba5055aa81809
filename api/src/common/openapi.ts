import { applyDecorators } from '@nestjs/common';
import { ApiBody, type ApiBodyOptions, ApiResponse } from '@nestjs/swagger';

type SchemaObject = NonNullable<Extract<ApiBodyOptions, { schema?: unknown }>['schema']>;
import { z } from 'zod';

/** Documents a JSON request body from the same zod schema that validates it. */
export function ApiJsonBody(schema: z.ZodType) {
  return ApiBody({ schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as SchemaObject });
}

const errorSchema: SchemaObject = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
      required: ['code', 'message'],
    },
  },
};

/** Documents the error answers a route can give, all of the shape `{ error: { code, message } }`. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, schema: errorSchema })));
}
