import { buildOpenApiDocument } from './openapi';

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument({ version: '1.2.3' });

  it('when built, then it is OpenAPI 3.1 with every API route and the probes', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe('1.2.3');
    expect(Object.keys(document.paths ?? {}).sort()).toEqual([
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/auth/me',
      '/api/v1/auth/password',
      '/api/v1/auth/signup',
      '/api/v1/chat',
      '/api/v1/conversations',
      '/api/v1/conversations/{id}/messages',
      '/api/v1/conversations/{id}/tool-calls/{toolCallId}/undo',
      '/api/v1/tasks',
      '/api/v1/tasks/{id}',
      '/health',
      '/health/live',
      '/health/ready',
      '/health/startup',
    ]);
  });

  it('when built, then request bodies come from the zod schemas (strict objects, limits, defaults)', () => {
    const body = document.paths?.['/api/v1/tasks']?.post?.requestBody;
    const schema = body && 'content' in body ? body.content['application/json']?.schema : undefined;

    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['title'],
      properties: {
        title: { type: 'string', minLength: 1, maxLength: 200 },
        priority: { type: 'string', enum: ['low', 'medium', 'high'], default: 'medium' },
      },
    });
  });

  it('when built, then errors reference the one Error component and protected routes require the bearer token', () => {
    const get = document.paths?.['/api/v1/tasks/{id}']?.get;

    expect(get?.security).toEqual([{ bearerAuth: [] }]);
    expect(get?.responses?.['404']).toEqual({
      description: 'No such task for this user (`not_found`)',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    expect(document.components?.securitySchemes?.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });
});
