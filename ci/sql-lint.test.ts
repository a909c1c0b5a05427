import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding, lintMigrations } from './sql-lint.ts';

const TIMEOUTS = "set local lock_timeout = '5s';\nset local statement_timeout = '60s';\n";

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-sql-lint-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe('lintMigrations', () => {
  it('rejects an index build that blocks writes', () => {
    const dir = folderWith({
      '0012_upload_index.sql': `${TIMEOUTS}create index cbg_upload on cbg_readings (upload_id);\n`,
    });
    const findings = lintMigrations(dir);
    expect(findings.map((finding) => finding.rule)).toEqual(['require-concurrent-index-creation']);
    expect(findings[0]!.line).toBe(3);
    expect(formatFinding(findings[0]!, dir)).toMatch(
      /^0012_upload_index\.sql:3:1 require-concurrent-index-creation: /,
    );
  });

  it('rejects a column type change that rewrites the table', () => {
    const dir = folderWith({
      '0012_trend.sql': `${TIMEOUTS}alter table cbg_readings alter column trend type varchar(20);\n`,
    });
    const rules = lintMigrations(dir).map((finding) => finding.rule);
    expect(rules).toContain('changing-column-type');
  });

  it('rejects a constraint that scans the table under lock', () => {
    const dir = folderWith({
      '0012_check.sql': `${TIMEOUTS}alter table upload_batches add constraint positive check (record_count > 0);\n`,
    });
    const rules = lintMigrations(dir).map((finding) => finding.rule);
    expect(rules).toEqual(['constraint-missing-not-valid']);
  });

  it('requires timeouts in new migrations', () => {
    const dir = folderWith({
      '0011_note.sql': 'alter table upload_batches add column note text;\n',
    });
    const rules = lintMigrations(dir).map((finding) => finding.rule);
    expect(rules.sort()).toEqual(['require-lock-timeout', 'require-statement-timeout']);
  });

  it('exempts old migrations from the timeout rules', () => {
    const dir = folderWith({
      '0010_note.sql': 'alter table upload_batches add column note text;\n',
    });
    expect(lintMigrations(dir)).toEqual([]);
  });

  it('keeps other rules on for old migrations', () => {
    const dir = folderWith({ '0004_index.sql': 'create index x on cbg_readings (upload_id);\n' });
    const rules = lintMigrations(dir).map((finding) => finding.rule);
    expect(rules).toEqual(['require-concurrent-index-creation']);
  });

  it('accepts the excluded integer and timestamp rules', () => {
    const dir = folderWith({
      '0012_table.sql': `${TIMEOUTS}create table notes (line integer, device_time timestamp);\n`,
    });
    expect(lintMigrations(dir)).toEqual([]);
  });

  it('reports a syntax error', () => {
    const dir = folderWith({ '0012_broken.sql': 'creat table x ();\n' });
    const rules = lintMigrations(dir).map((finding) => finding.rule);
    expect(rules).toContain('syntax-error');
  });

  it('accepts an empty folder', () => {
    expect(lintMigrations(folderWith({}))).toEqual([]);
  });
});
