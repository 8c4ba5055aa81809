import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.js';

describe('API documentation and health', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('serves an OpenAPI document generated from the routes and their request schemas', async () => {
    const response = await fetch(`${testApp.baseUrl}/api/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as any;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/setup', '/api/session', '/api/people', '/api/people/{id}', '/api/health']),
    );
    const createPerson = document.paths['/api/people'].post.requestBody.content['application/json'].schema;
    expect(createPerson.required).toEqual(expect.arrayContaining(['name', 'email', 'password', 'supportRole', 'timeZone']));
    expect(createPerson.properties.access.enum).toEqual(['admin', 'member']);
    expect(createPerson.properties.supportRole.enum).toEqual(['founder', 'programmer', 'designer', 'support']);
  });

  it('serves the interactive docs page at /api/docs', async () => {
    const response = await fetch(`${testApp.baseUrl}/api/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/swagger/i);
  });

  it('reports the database as up in /api/health', async () => {
    const body = (await (await fetch(`${testApp.baseUrl}/api/health`)).json()) as any;
    expect(body.status).toBe('ok');
    expect(body.database.status).toBe('up');
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('answers an unknown API route with a JSON 404, not the web app', async () => {
    const response = await fetch(`${testApp.baseUrl}/api/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as any).error.code).toBe('not_found');
  });
});
