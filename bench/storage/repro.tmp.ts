import pg from 'pg';
import { refreshGlucoseAggregates } from '@phoenix/db';
import { startBenchDatabase } from './database.ts';
import { createBenchPatients, createWeeks, insertBenchReadings } from './population.ts';
const db = await startBenchDatabase(console.log);
const c = new pg.Client({ connectionString: db.adminUrl }); await c.connect();
const START = new Date(Date.UTC(2025, 0, 6));
await createBenchPatients(c, 20); await createWeeks(c, START, 97);
await insertBenchReadings(c, { first: 1, last: 20, start: START, days: 90 });
let t = Date.now(); await refreshGlucoseAggregates(c, 50000); console.log('first refresh', Date.now() - t);
for (let k = 0; k < 2; k++) {
  await c.query('insert into glucose_dirty_hours (patient_id, bucket) select patient_id, bucket from glucose_hourly');
  t = Date.now(); await refreshGlucoseAggregates(c, 50000); console.log('refresh', Date.now() - t);
}
await c.end(); await db.stop();
