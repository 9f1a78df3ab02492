import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/local-hub.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; each assertion states its shape
type Json = any;
const examples = new URL('../../../shared/sources/examples/', import.meta.url);
const example = (name: string) => readFileSync(new URL(name, examples));

describe('the five source systems’ examples', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.cleanup());

  const post = async (sourceId: string, body: Buffer, contentType: string): Promise<Json> =>
    (
      await hub.request(`/v1/sources/${sourceId}/records`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': contentType },
      })
    ).json();
  const get = async (path: string): Promise<Json> => (await hub.request(path)).json();

  it('ingest cleanly, posted at once, and end as one dispute: references, content, and twins merged by the machine', async () => {
    const answers = [
      await post('grid', example('grid.json'), 'application/json'),
      await post('hotline-12345', example('hotline-12345.json'), 'application/json'),
      await post('police-110', example('police-110.csv'), 'text/csv'),
      await post('court', example('court.json'), 'application/json'),
      await post('petition', example('petition.json'), 'application/json'),
    ];
    for (const answer of answers) expect(answer).toMatchObject({ accepted: 1, rejected: 0 });
    await hub.settled();

    const records = {
      grid: await get('/v1/records/grid/WG3306811092900032024030500007'),
      hotline: await get('/v1/records/hotline-12345/F20240306000381'),
      police: await get('/v1/records/police-110/3306812024031300456'),
      court: await get('/v1/records/court/330620249901000825'),
      petition: await get('/v1/records/petition/330681-2024-000123'),
    };
    for (const record of Object.values(records)) {
      expect(record.status, JSON.stringify(record.errors)).toBe('processed');
      expect(record.report.category.code).toBe('邻里');
      expect(record.report.location.divisionCode.startsWith('330681')).toBe(true);
    }
    // The petition quotes the 12345 order (work_id); the court case names the 110 call it came from (wpdjh).
    expect(records.petition.entities.dispute.id).toBe(records.hotline.entities.dispute.id);
    expect(records.court.entities.dispute.id).toBe(records.police.entities.dispute.id);
    // 张伟 (330681198203150011) in the petition and the court case is one person, and so is 李强, named in both.
    const inPetition = records.petition.entities.persons.map((p: { id: string }) => p.id);
    const inCourt = records.court.entities.persons.map((p: { id: string }) => p.id);
    const currentPerson = async (id: string) => (await get(`/v1/persons/${id}`)).id as string;
    const petitionPeople = await Promise.all(inPetition.map(currentPerson));
    const courtPeople = await Promise.all(inCourt.map(currentPerson));
    expect(petitionPeople.filter((id: string) => courtPeople.includes(id))).toHaveLength(2);

    // Posted at once, the five are resolved concurrently: records of one dispute each created one, and each worker's
    // re-check after its commit found its twin and merged it, by the machine, announcing the merge.
    const current = await Promise.all(
      Object.values(records).map(async (r) => (await get(r.entities.dispute.href)).id as string),
    );
    expect(new Set(current).size, JSON.stringify(current)).toBe(1);
    const dispute = await get(records.petition.entities.dispute.href);
    expect(dispute.channels).toEqual(['grid', 'hotline-12345', 'police-110', 'court', 'petition']);
    const audit = await get(`/v1/audit?entity=${dispute.id}`);
    for (const entry of audit.items)
      expect(entry).toMatchObject({ actor: 'machine', action: 'dispute.merge' });
    expect(dispute.steps.map((s: { sourceId: string }) => s.sourceId)).toEqual(
      expect.arrayContaining(['hotline-12345', 'petition']),
    );
  });
});
