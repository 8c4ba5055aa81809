import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedReplyDto } from '../../api/src/replies/saved-replies.contract.js';
import { PeopleService } from '../../api/src/people/people.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { testAdmin } from '../harness/mailbox.js';

const BO = { name: 'Bo Support', email: 'bo@wholegrain.test', password: 'another long password' };
const CY = { name: 'Cy Support', email: 'cy@wholegrain.test', password: 'a third long password' };

let testApp: TestApp;
let ada: ApiClient; // admin
let bo: ApiClient;
let cy: ApiClient;

async function member(person: typeof BO): Promise<ApiClient> {
  await testApp.app
    .get(PeopleService)
    .create({ ...person, access: 'member', supportRole: 'support', timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5] }, await testAdmin(testApp), null);
  const client = new ApiClient(testApp.baseUrl);
  expect((await client.signIn(person.email, person.password)).status).toBe(200);
  return client;
}

const names = async (client: ApiClient, q?: string) =>
  (await client.get<SavedReplyDto[]>(`/api/saved-replies${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`)).body.map((reply) => `${reply.name} (${reply.scope})`);

beforeAll(async () => {
  testApp = await startTestApp();
  ada = new ApiClient(testApp.baseUrl);
  expect((await ada.setup(FOUNDER)).status).toBe(201);
  bo = await member(BO);
  cy = await member(CY);
});
afterAll(async () => {
  await testApp?.close();
});

describe('saved replies', () => {
  it('are created for the team or for oneself, and each person sees the team’s plus their own', async () => {
    const body = 'Hi {{customer.firstName}},\n\nYour refund for #{{conversation.number}} is on its way.\n\n{{me.firstName}}';
    const team = await bo.post<SavedReplyDto>('/api/saved-replies', { name: 'Refund sent', body, scope: 'team' });
    expect(team.status).toBe(201);
    // The variables are kept as typed: the composer fills them.
    expect(team.body).toMatchObject({ name: 'Refund sent', body, scope: 'team', createdBy: { name: 'Bo Support' }, canEdit: true });
    expect((await bo.post('/api/saved-replies', { name: '  Réglé, merci  ', body: 'Done for you.' })).body).toMatchObject({ name: 'Réglé, merci', scope: 'personal' });
    expect((await cy.post('/api/saved-replies', { name: 'Refund policy', body: 'Our policy…', scope: 'personal' })).status).toBe(201);

    expect(await names(bo)).toEqual(['Refund sent (team)', 'Réglé, merci (personal)']);
    expect(await names(cy)).toEqual(['Refund policy (personal)', 'Refund sent (team)']);
    expect(await names(ada)).toEqual(['Refund sent (team)']);
  });

  it('are found by name, ignoring case and accents, names starting with the words first', async () => {
    expect(await names(bo, 'REGLE')).toEqual(['Réglé, merci (personal)']);
    expect(await names(cy, 'ref')).toEqual(['Refund policy (personal)', 'Refund sent (team)']);
    expect(await names(cy, 'sent')).toEqual(['Refund sent (team)']);
    expect(await names(cy, 'nothing like it')).toEqual([]);
    // LIKE wildcards are searched for literally.
    expect(await names(cy, '%')).toEqual([]);
  });

  it('refuse an empty or too long name, an empty text and unknown fields with a clear 400', async () => {
    const empty = await bo.post('/api/saved-replies', { name: '   ', body: 'x' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.name).toEqual(['Name the saved reply']);
    const long = await bo.post('/api/saved-replies', { name: 'n'.repeat(101), body: 'x' });
    expect(long.status).toBe(400);
    expect(long.body.error.details.name).toEqual(['Keep the name under 100 characters']);
    const noBody = await bo.post('/api/saved-replies', { name: 'Blank', body: ' \n ' });
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.details.body).toEqual(['Write the text of the saved reply']);
    expect((await bo.post('/api/saved-replies', { name: 'Odd', body: 'x', scope: 'everyone' })).status).toBe(400);
    expect((await bo.post('/api/saved-replies', { name: 'Odd', body: 'x', ownerId: null })).status).toBe(400);
    expect(await names(bo)).toEqual(['Refund sent (team)', 'Réglé, merci (personal)']);
  });

  it('answer 409 for a name already used in the same scope (ignoring case), but not across scopes or people', async () => {
    const duplicate = await cy.post('/api/saved-replies', { name: 'refund SENT', body: 'again', scope: 'team' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toMatch(/already exists/);
    expect((await cy.post('/api/saved-replies', { name: 'refund policy', body: 'again' })).status).toBe(409);
    // Bo's own “Refund policy” and Cy's own one live side by side; a personal one may share a team name.
    expect((await bo.post('/api/saved-replies', { name: 'Refund policy', body: 'Mine' })).status).toBe(201);
    expect((await cy.post('/api/saved-replies', { name: 'Refund sent', body: 'Mine too' })).status).toBe(201);
    // Renaming onto a taken name is refused too.
    const policy = (await bo.get<SavedReplyDto[]>('/api/saved-replies?q=policy')).body[0]!;
    expect((await bo.patch(`/api/saved-replies/${policy.id}`, { name: 'Réglé, MERCI' })).status).toBe(409);
  });

  it('let anyone edit or delete a team reply, only the owner touch a personal one, and an admin delete any', async () => {
    const mine = (await cy.get<SavedReplyDto[]>('/api/saved-replies?q=policy')).body.find((reply) => reply.scope === 'personal')!;
    const team = (await cy.get<SavedReplyDto[]>('/api/saved-replies?q=sent')).body.find((reply) => reply.scope === 'team')!;
    expect(team.canEdit).toBe(true);

    // Someone else's own reply does not exist for Bo.
    expect((await bo.patch(`/api/saved-replies/${mine.id}`, { body: 'Hijacked' })).status).toBe(404);
    expect((await bo.delete(`/api/saved-replies/${mine.id}`)).status).toBe(404);
    expect((await cy.get<SavedReplyDto[]>('/api/saved-replies?q=policy')).body.find((reply) => reply.id === mine.id)!.body).toBe('Our policy…');

    const edited = await cy.patch<SavedReplyDto>(`/api/saved-replies/${team.id}`, { body: 'Refund done, {{customer.firstName}}.' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Refund sent', body: 'Refund done, {{customer.firstName}}.', scope: 'team' });
    expect(new Date(edited.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(team.updatedAt).getTime());
    expect((await bo.get<SavedReplyDto[]>('/api/saved-replies?q=sent')).body.find((reply) => reply.id === team.id)!.body).toBe('Refund done, {{customer.firstName}}.');
    // Taking a shared reply for oneself would take it from everyone: only whoever wrote it, or an admin.
    const taken = await cy.patch<{ error: { message: string } }>(`/api/saved-replies/${team.id}`, { scope: 'personal' });
    expect(taken.status).toBe(403);
    expect(taken.body.error.message).toMatch(/Only whoever wrote this team reply, or an admin/);
    expect(await names(bo, 'sent')).toContain('Refund sent (team)');

    // Moving a personal one to the team shares it.
    expect((await cy.patch(`/api/saved-replies/${mine.id}`, { scope: 'team' })).body.scope).toBe('team');
    expect(await names(ada, 'policy')).toEqual(['Refund policy (team)']);
    expect((await ada.delete(`/api/saved-replies/${mine.id}`)).status).toBe(204);

    // An admin may delete a person's own reply; members may delete team ones.
    const bosOwn = (await bo.get<SavedReplyDto[]>('/api/saved-replies?q=merci')).body[0]!;
    expect((await ada.delete(`/api/saved-replies/${bosOwn.id}`)).status).toBe(204);
    expect((await bo.delete(`/api/saved-replies/${team.id}`)).status).toBe(204);
    expect((await bo.delete(`/api/saved-replies/${team.id}`)).status).toBe(404);
    expect((await bo.delete('/api/saved-replies/not-a-uuid')).status).toBe(404);
    expect(await names(bo)).toEqual(['Refund policy (personal)']);
    expect(await names(cy)).toEqual(['Refund sent (personal)']);
  });

  it('are for signed-in people only', async () => {
    const stranger = new ApiClient(testApp.baseUrl);
    expect((await stranger.get('/api/saved-replies')).status).toBe(401);
  });
});
