-- Nightscout sites: per-patient endpoints that speak the Nightscout REST API (API v1 and v3 of
-- Nightscout 15), so phone apps such as xDrip+, AndroidAPS, Loop and Trio upload without new
-- software. Each site has a random key in its URL (/ns/{site_key}/), an API secret and access
-- tokens. Clients send the lowercase hex SHA-1 or SHA-512 of the secret, and a token raw or as
-- its SHA-1, so this table stores the SHA-256 of those hex texts: it holds no value a client
-- could present.
--
-- A request authenticated with a site's credential runs as phoenix_bridge with the
-- credential's ID as app.user_id. can_read_patient and can_write_patient below let it read
-- that one patient's data, and write it only when the credential grants a write permission.
--
-- Documents keep what the canonical model has no place for: the document as the client sent
-- it (client sync IDs and other members), the server's _id and identifier, srvCreated and
-- srvModified, and deletion marks. The canonical records a document gave stay in
-- cbg_readings and device_records, linked by their identity hash and time.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

set local role phoenix_owner;

create table nightscout_sites (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients (id),
  -- Path segment of the site's base URL: random, never the patient's ID.
  site_key text not null unique check (site_key ~ '^[a-z0-9]{8,32}$'),
  name text not null check (length(name) between 1 and 100),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index nightscout_sites_patient on nightscout_sites (patient_id);
alter table nightscout_sites enable row level security;
alter table nightscout_sites force row level security;
create trigger nightscout_sites_90_audit after insert or update or delete on nightscout_sites
  for each row execute function audit.record_change();

create table nightscout_credentials (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references nightscout_sites (id),
  patient_id uuid not null references patients (id),
  kind text not null check (kind in ('secret', 'token')),
  -- Subject name reported to clients: api-secret for the secret, the token's name otherwise.
  name text not null check (name ~ '^[a-z0-9-]{1,40}$'),
  -- Nightscout permission strings such as api:*:read or api:treatments:create.
  permissions text[] not null check (cardinality(permissions) between 1 and 20),
  -- True when a permission allows create, update or delete; can_write_patient reads it.
  can_write boolean not null,
  -- SHA-256 of the lowercase hex SHA-1 of the secret or token.
  sha1_digest bytea not null check (length(sha1_digest) = 32),
  -- SHA-256 of the lowercase hex SHA-512 of the secret; null for tokens.
  sha512_digest bytea check (length(sha512_digest) = 32),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check ((kind = 'secret') = (sha512_digest is not null))
);
create index nightscout_credentials_site on nightscout_credentials (site_id);
create index nightscout_credentials_sha1 on nightscout_credentials (sha1_digest);
create index nightscout_credentials_sha512 on nightscout_credentials (sha512_digest);
alter table nightscout_credentials enable row level security;
alter table nightscout_credentials force row level security;
create trigger nightscout_credentials_90_audit
  after insert or update or delete on nightscout_credentials
  for each row execute function audit.record_change();

create table nightscout_documents (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients (id),
  collection text not null
    check (collection in ('entries', 'treatments', 'devicestatus', 'profile')),
  -- API v3 identifier: the client's own, or derived from device and date as Nightscout does.
  identifier text not null check (length(identifier) between 1 and 200),
  -- API v1 _id: 24 hex digits, the client's own or assigned here.
  object_id text not null check (object_id ~ '^[0-9a-f]{24}$'),
  -- For filters: an entry's type (sgv, mbg, cal) or a treatment's eventType.
  kind text check (length(kind) <= 200),
  -- Instant of the document (date, created_at or startDate), whole milliseconds.
  record_time timestamptz not null,
  -- The document as the client sent it, without the members the server sets.
  document jsonb not null,
  -- False once the document is deleted; the row stays so that API v3 history reports it.
  is_valid boolean not null default true,
  -- Epoch milliseconds of creation and last change; srv_modified increases per patient.
  srv_created bigint not null,
  srv_modified bigint not null,
  site_id uuid not null references nightscout_sites (id),
  -- The credential that last wrote the document.
  modified_by uuid not null,
  unique (patient_id, collection, object_id),
  unique (patient_id, collection, identifier)
);
create index nightscout_documents_time on nightscout_documents (patient_id, collection, record_time);
create index nightscout_documents_modified
  on nightscout_documents (patient_id, collection, srv_modified);
create index nightscout_documents_patient_modified
  on nightscout_documents (patient_id, srv_modified);
alter table nightscout_documents enable row level security;
alter table nightscout_documents force row level security;
-- New documents are audited with their upload batch, like readings; changes and deletions on
-- their own.
create trigger nightscout_documents_90_audit after update or delete on nightscout_documents
  for each row execute function audit.record_change();

-- The canonical records a document gave.
create table nightscout_document_records (
  document_id uuid not null references nightscout_documents (id) on delete cascade,
  patient_id uuid not null,
  identity_hash bytea not null check (length(identity_hash) = 32),
  time timestamptz not null,
  primary key (document_id, identity_hash, time)
);
create index nightscout_document_records_record
  on nightscout_document_records (patient_id, identity_hash, time);
alter table nightscout_document_records enable row level security;
alter table nightscout_document_records force row level security;

-- Keys that find a document again: identifier:, _id:, syncIdentifier: (Loop), uuid: (xDrip+),
-- id: (Trio), pump: (AndroidAPS pumpType, pumpSerial and pumpId) and records: (a digest of
-- the identity hashes of its records). A key belongs to one document of a collection.
create table nightscout_sync_keys (
  patient_id uuid not null,
  collection text not null,
  sync_key text not null check (length(sync_key) between 1 and 300),
  document_id uuid not null references nightscout_documents (id) on delete cascade,
  primary key (patient_id, collection, sync_key)
);
create index nightscout_sync_keys_document on nightscout_sync_keys (document_id);
alter table nightscout_sync_keys enable row level security;
alter table nightscout_sync_keys force row level security;

-- HMAC-SHA-256 key of the JWTs that API v3 clients present; one per deployment.
create table nightscout_signing_key (
  id boolean primary key default true check (id),
  key bytea not null check (length(key) = 32)
);
alter table nightscout_signing_key enable row level security;
alter table nightscout_signing_key force row level security;
insert into nightscout_signing_key (key) values (gen_random_bytes(32));

-- True when the caller is an unrevoked credential of an unrevoked site of the patient, and,
-- with writes, when the credential grants a write permission.
create function nightscout_credential_allows(target uuid, writes boolean) returns boolean
language sql stable security definer
set search_path = public, pg_temp
as $$
  select exists (
    select 1
    from nightscout_credentials c
    join nightscout_sites s on s.id = c.site_id
    where c.id = app_user_id() and c.patient_id = target and s.patient_id = target
      and c.revoked_at is null and s.revoked_at is null and (c.can_write or not writes)
  )
$$;

-- Redefined to admit Nightscout credentials: the patient themselves, a member of a care team
-- the patient shares with and has not revoked, or a credential of the patient's Nightscout
-- site (see nightscout_credential_allows).
create or replace function can_read_patient(target uuid) returns boolean
language sql stable security definer
set search_path = public, pg_temp
as $$
  select exists (
    select 1 from patients p where p.id = target and p.user_id = app_user_id()
  ) or exists (
    select 1
    from patient_shares s
    join care_team_members m on m.team_id = s.team_id
    where s.patient_id = target and s.revoked_at is null and m.user_id = app_user_id()
  ) or nightscout_credential_allows(target, false)
$$;

-- Writing: the patient or their care team, or a paired, unrevoked bridge, as before, or a
-- Nightscout credential with a write permission. The user part is spelled out rather than
-- calling can_read_patient, which now admits read-only Nightscout credentials too.
create or replace function can_write_patient(target uuid) returns boolean
language sql stable security definer
set search_path = public, pg_temp
as $$
  select exists (
    select 1 from patients p where p.id = target and p.user_id = app_user_id()
  ) or exists (
    select 1
    from patient_shares s
    join care_team_members m on m.team_id = s.team_id
    where s.patient_id = target and s.revoked_at is null and m.user_id = app_user_id()
  ) or exists (
    select 1 from bridges b
    where b.id = app_user_id() and b.patient_id = target and b.revoked_at is null
  ) or nightscout_credential_allows(target, true)
$$;

-- The patient's own site, or an error: only the patient manages their Nightscout sites.
create function nightscout_own_site(target uuid, key text) returns uuid
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
declare
  site uuid;
begin
  if not exists (select 1 from patients p where p.id = target and p.user_id = app_user_id()) then
    raise exception 'only the patient may manage the Nightscout sites of patient %', target
      using errcode = '42501';
  end if;
  select s.id into site from nightscout_sites s
  where s.patient_id = target and s.site_key = key and s.revoked_at is null;
  if not found then
    raise exception 'Nightscout site % not found', key using errcode = 'P0002';
  end if;
  return site;
end
$$;

-- True when a list of Nightscout permissions allows create, update or delete somewhere.
create function nightscout_permissions_write(permission_list text[]) returns boolean
language sql immutable
as $$
  select exists (
    select 1 from unnest(permission_list) p
    where p = '*' or p ~ '^api(:[a-z*]+)?$' or p ~ ':(\*|create|update|delete)$'
  )
$$;

-- Create a site with its API secret for the caller's own patient record. Returns its ID.
create function nightscout_create_site(
  target uuid, key text, site_name text, secret_sha1 bytea, secret_sha512 bytea
) returns uuid
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  site uuid;
begin
  if not exists (select 1 from patients p where p.id = target and p.user_id = app_user_id()) then
    raise exception 'only the patient may create a Nightscout site for patient %', target
      using errcode = '42501';
  end if;
  insert into nightscout_sites (patient_id, site_key, name, created_by)
  values (target, key, site_name, app_user_id())
  returning id into site;
  insert into nightscout_credentials (
    site_id, patient_id, kind, name, permissions, can_write, sha1_digest, sha512_digest, created_by
  ) values (
    site, target, 'secret', 'api-secret', array['*'], true, secret_sha1, secret_sha512,
    app_user_id()
  );
  return site;
end
$$;

-- Replace the site's API secret: the old one stops working at once.
create function nightscout_rotate_secret(
  target uuid, key text, secret_sha1 bytea, secret_sha512 bytea
) returns void
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  site uuid := nightscout_own_site(target, key);
begin
  update nightscout_credentials set revoked_at = now()
  where site_id = site and kind = 'secret' and revoked_at is null;
  insert into nightscout_credentials (
    site_id, patient_id, kind, name, permissions, can_write, sha1_digest, sha512_digest, created_by
  ) values (
    site, target, 'secret', 'api-secret', array['*'], true, secret_sha1, secret_sha512,
    app_user_id()
  );
end
$$;

-- Create an access token of the site with the given permissions. Returns the token's ID.
create function nightscout_create_token(
  target uuid, key text, token_name text, token_sha1 bytea, permission_list text[]
) returns uuid
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  site uuid := nightscout_own_site(target, key);
  created uuid;
begin
  insert into nightscout_credentials (
    site_id, patient_id, kind, name, permissions, can_write, sha1_digest, created_by
  ) values (
    site, target, 'token', token_name, permission_list,
    nightscout_permissions_write(permission_list), token_sha1, app_user_id()
  )
  returning id into created;
  return created;
end
$$;

-- Revoke one access token of the site.
create function nightscout_revoke_token(target uuid, key text, token uuid) returns void
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  site uuid := nightscout_own_site(target, key);
begin
  update nightscout_credentials set revoked_at = now()
  where id = token and site_id = site and kind = 'token' and revoked_at is null;
  if not found then
    raise exception 'access token % not found', token using errcode = 'P0002';
  end if;
end
$$;

-- Revoke a site and every credential of it. Its documents stay with the patient's data.
create function nightscout_revoke_site(target uuid, key text) returns void
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  site uuid := nightscout_own_site(target, key);
begin
  update nightscout_credentials set revoked_at = now()
  where site_id = site and revoked_at is null;
  update nightscout_sites set revoked_at = now() where id = site;
end
$$;

-- The patient's sites and their credentials, without digests; for the patient and care team.
create function nightscout_sites_of(target uuid) returns table (
  site_key text, name text, created_at timestamptz, revoked_at timestamptz, credentials jsonb
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  return query
    select s.site_key, s.name, s.created_at, s.revoked_at,
      coalesce((
        select jsonb_agg(jsonb_build_object(
          'id', c.id, 'kind', c.kind, 'name', c.name, 'permissions', to_jsonb(c.permissions),
          'createdAt', c.created_at, 'revokedAt', c.revoked_at) order by c.created_at)
        from nightscout_credentials c where c.site_id = s.id
      ), '[]'::jsonb)
    from nightscout_sites s
    where s.patient_id = target
    order by s.created_at;
end
$$;

-- The credential a client presents, found by site key and digest (see nightscout_credentials)
-- or, for a JWT, by its ID. Only unrevoked credentials of unrevoked sites are returned.
-- Called by the API's login role before it acts as the credential.
create function nightscout_find_credential(key text, digest bytea, credential uuid)
returns table (
  credential_id uuid, site_id uuid, patient_id uuid, timezone text, kind text, name text,
  permissions text[]
)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select c.id, s.id, s.patient_id, p.timezone, c.kind, c.name, c.permissions
  from nightscout_sites s
  join nightscout_credentials c on c.site_id = s.id
  join patients p on p.id = s.patient_id
  where s.site_key = key and s.revoked_at is null and c.revoked_at is null
    and (c.sha1_digest = digest or c.sha512_digest = digest or c.id = credential)
  order by c.kind, c.created_at
  limit 1
$$;

-- Whether a site key names an unrevoked site; for the routes that need no credential.
create function nightscout_site_exists(key text) returns boolean
language sql stable security definer
set search_path = public, pg_temp
as $$
  select exists (select 1 from nightscout_sites s where s.site_key = key and s.revoked_at is null)
$$;

-- The JWT signing key. Only the API's login role may read it.
create function nightscout_signing_key() returns bytea
language sql stable security definer
set search_path = public, pg_temp
as $$
  select k.key from nightscout_signing_key k
$$;

-- Start a write for the patient: checks the caller's write right, serialises Nightscout
-- writes of one patient until commit, and returns the first srv_modified to use. Values
-- handed out increase strictly per patient in commit order, so API v3 history, which pages by
-- srv_modified, never skips a change.
create function nightscout_begin_write(target uuid) returns bigint
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  latest bigint;
begin
  if not can_write_patient(target) then
    raise exception 'not allowed to write for patient %', target using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtext('phoenix nightscout'), hashtext(target::text));
  select max(d.srv_modified) into latest from nightscout_documents d where d.patient_id = target;
  return greatest((extract(epoch from clock_timestamp()) * 1000)::bigint, coalesce(latest, 0) + 1);
end
$$;

-- Documents of a collection found by any of the keys, with the key that found each and the
-- identity hashes (hex, sorted) of the records linked to it.
create function nightscout_find_documents(target uuid, coll text, keys text[])
returns table (
  sync_key text, document_id uuid, identifier text, object_id text, kind text,
  record_time timestamptz, is_valid boolean, srv_modified bigint, document jsonb,
  record_hashes text[]
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  return query
    select k.sync_key, d.id, d.identifier, d.object_id, d.kind, d.record_time, d.is_valid,
      d.srv_modified, d.document,
      array(
        select encode(l.identity_hash, 'hex') from nightscout_document_records l
        where l.document_id = d.id order by 1
      )
    from nightscout_sync_keys k
    join nightscout_documents d on d.id = k.document_id
    where k.patient_id = target and k.collection = coll and k.sync_key = any(keys);
end
$$;

-- Delete the canonical records of documents that no other valid document links, merged or
-- still staged, and drop the documents' links. Returns how many records were deleted. The
-- merger's lock is held until commit, so it cannot move a staged copy in meanwhile.
create function nightscout_remove_records(target uuid, documents uuid[]) returns integer
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  removed integer;
begin
  if not can_write_patient(target) then
    raise exception 'not allowed to write for patient %', target using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtext('phoenix merge_staged'));
  with doomed as (
    select distinct l.identity_hash, l.time
    from nightscout_document_records l
    join nightscout_documents d on d.id = l.document_id
    where d.patient_id = target and l.document_id = any(documents)
      and not exists (
        select 1 from nightscout_document_records o
        join nightscout_documents od on od.id = o.document_id
        where o.patient_id = target and o.identity_hash = l.identity_hash and o.time = l.time
          and od.is_valid and o.document_id <> all(documents)
      )
  ), gone_cbg as (
    delete from cbg_readings c using doomed x
    where c.patient_id = target and c.identity_hash = x.identity_hash and c.time = x.time
    returning 1
  ), gone_other as (
    delete from device_records r using doomed x
    where r.patient_id = target and r.identity_hash = x.identity_hash and r.time = x.time
    returning 1
  ), gone_staged as (
    delete from upload_staging s using doomed x, upload_batches b
    where b.id = s.batch_id and b.patient_id = target and b.status = 'staged'
      and s.identity_hash = x.identity_hash and s.time = x.time
    returning 1
  )
  select (select count(*) from gone_cbg) + (select count(*) from gone_other)
    + (select count(*) from gone_staged)
  into removed;
  delete from nightscout_document_records l
  using nightscout_documents d
  where d.id = l.document_id and d.patient_id = target and l.document_id = any(documents);
  return removed;
end
$$;

-- Insert or update documents of the patient, written by the calling credential. Each item:
-- {"id": uuid or null for a new document, "collection", "identifier", "objectId", "kind",
--  "recordTime", "document", "isValid", "srvModified", "syncKeys": [text],
--  "records": [{"hash": hex, "time": timestamptz}] or null to keep the links}.
-- Sync keys that belong to another document move to this one. Returns each item's document ID
-- with its index in the list (from 1).
create function nightscout_save_documents(target uuid, items jsonb)
returns table (item_index integer, document_id uuid)
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  item jsonb;
  item_position integer;
  saved uuid;
  site uuid;
begin
  if not can_write_patient(target) then
    raise exception 'not allowed to write for patient %', target using errcode = '42501';
  end if;
  select c.site_id into site from nightscout_credentials c where c.id = app_user_id();
  for item, item_position in
    select e.value, e.ordinality from jsonb_array_elements(items) with ordinality e
  loop
    if item->>'id' is null then
      insert into nightscout_documents (
        patient_id, collection, identifier, object_id, kind, record_time, document, is_valid,
        srv_created, srv_modified, site_id, modified_by
      ) values (
        target, item->>'collection', item->>'identifier', item->>'objectId', item->>'kind',
        (item->>'recordTime')::timestamptz, item->'document', (item->>'isValid')::boolean,
        (item->>'srvModified')::bigint, (item->>'srvModified')::bigint, site, app_user_id()
      )
      returning id into saved;
    else
      update nightscout_documents d set
        kind = item->>'kind',
        record_time = (item->>'recordTime')::timestamptz,
        document = item->'document',
        is_valid = (item->>'isValid')::boolean,
        srv_modified = (item->>'srvModified')::bigint,
        site_id = site,
        modified_by = app_user_id()
      where d.id = (item->>'id')::uuid and d.patient_id = target
      returning d.id into saved;
      if saved is null then
        raise exception 'Nightscout document % not found', item->>'id' using errcode = 'P0002';
      end if;
    end if;

    insert into nightscout_sync_keys (patient_id, collection, sync_key, document_id)
    select target, item->>'collection', k.value, saved
    from jsonb_array_elements_text(item->'syncKeys') k
    on conflict on constraint nightscout_sync_keys_pkey
    do update set document_id = excluded.document_id;

    if jsonb_typeof(item->'records') = 'array' then
      delete from nightscout_document_records l where l.document_id = saved;
      insert into nightscout_document_records (document_id, patient_id, identity_hash, time)
      select distinct saved, target, decode(r->>'hash', 'hex'), (r->>'time')::timestamptz
      from jsonb_array_elements(item->'records') r;
    end if;
    return query select item_position::integer, saved;
  end loop;
end
$$;

-- Canonical records of the patient in [from_time, to_time): merged CGM readings and device
-- records, and staged records not merged yet, each with its fields as JSON and the arrival of
-- its upload batch in epoch milliseconds. Called only by the functions below, which check the
-- caller's rights first.
create function nightscout_records_at(target uuid, from_time timestamptz, to_time timestamptz)
returns table (
  record_hash bytea, record_time timestamptz, record_type text, record jsonb, modified_ms bigint
)
language sql stable
set search_path = public, pg_temp
as $$
  select r.identity_hash, r.time, 'cbg'::text,
    jsonb_build_object(
      'deviceId', d.device_key, 'deviceTime', r.device_time,
      'timezoneOffset', r.timezone_offset_min, 'clockDriftOffset', r.clock_drift_offset_ms,
      'conversionOffset', r.conversion_offset_ms, 'timeResolution', r.time_resolution,
      'valueMgDl', r.value_mg_dl, 'outOfRange', r.out_of_range,
      'thresholdMgDl', r.threshold_mg_dl, 'rateMgDlPerMin', r.rate_mg_dl_per_min,
      'trend', r.trend, 'transmitterTimeSec', r.transmitter_time_sec,
      'sourceFormat', r.source_format, 'sourceLine', r.source_line
    ),
    (extract(epoch from b.received_at) * 1000)::bigint
  from cbg_readings r
  join devices d on d.id = r.device_id
  join upload_batches b on b.id = r.upload_id
  where r.patient_id = target and r.time >= from_time and r.time < to_time
  union all
  select r.identity_hash, r.time, r.type,
    jsonb_build_object(
      'deviceId', d.device_key, 'deviceTime', r.device_time,
      'timezoneOffset', r.timezone_offset_min, 'clockDriftOffset', r.clock_drift_offset_ms,
      'conversionOffset', r.conversion_offset_ms, 'timeResolution', r.time_resolution,
      'valueMgDl', r.value_mg_dl, 'outOfRange', r.out_of_range,
      'thresholdMgDl', r.threshold_mg_dl, 'payload', r.payload,
      'sourceFormat', r.source_format, 'sourceLine', r.source_line
    ),
    (extract(epoch from b.received_at) * 1000)::bigint
  from device_records r
  join devices d on d.id = r.device_id
  join upload_batches b on b.id = r.upload_id
  where r.patient_id = target and r.time >= from_time and r.time < to_time
  union all
  select distinct on (s.identity_hash, s.time) s.identity_hash, s.time, s.type,
    jsonb_build_object(
      'deviceId', s.device_key, 'deviceTime', s.device_time,
      'timezoneOffset', s.timezone_offset_min, 'clockDriftOffset', s.clock_drift_offset_ms,
      'conversionOffset', s.conversion_offset_ms, 'timeResolution', s.time_resolution,
      'valueMgDl', s.value_mg_dl, 'outOfRange', s.out_of_range,
      'thresholdMgDl', s.threshold_mg_dl, 'rateMgDlPerMin', s.rate_mg_dl_per_min,
      'trend', s.trend, 'transmitterTimeSec', s.transmitter_time_sec, 'payload', s.payload,
      'sourceFormat', s.source_format, 'sourceLine', s.source_line
    ),
    (extract(epoch from b.received_at) * 1000)::bigint
  from upload_staging s
  join upload_batches b on b.id = s.batch_id
  where b.patient_id = target and b.status = 'staged'
    and s.time >= from_time and s.time < to_time
    and not exists (
      select 1 from cbg_readings c
      where c.patient_id = target and c.identity_hash = s.identity_hash and c.time = s.time
    )
    and not exists (
      select 1 from device_records c
      where c.patient_id = target and c.identity_hash = s.identity_hash and c.time = s.time
    )
$$;

-- The Nightscout collection and kind (entry type) of a record without a document, as the
-- Nightscout writer would render it; null collection for records it cannot render.
create function nightscout_collection_of(record_type text, record jsonb) returns text
language sql immutable
as $$
  select case
    when record_type in ('cbg', 'smbg') then 'entries'
    when record_type in ('bolus', 'food') then 'treatments'
    when record_type = 'basal'
      and record->'payload'->>'deliveryType' in ('temp', 'suspend') then 'treatments'
    when record_type = 'deviceEvent'
      and record->'payload'->>'subType' not in ('status', 'calibration', 'prime')
      then 'treatments'
  end
$$;

create function nightscout_kind_of(record_type text) returns text
language sql immutable
as $$
  select case record_type when 'cbg' then 'sgv' when 'smbg' then 'mbg' end
$$;

-- Documents by ID in the shape every read returns: the document, its server fields, how many
-- records it links and those of them that still exist (as JSON, for rebuilding it).
create function nightscout_document_rows(target uuid, ids uuid[]) returns table (
  document_id uuid, collection text, object_id text, identifier text, document jsonb,
  is_valid boolean, srv_created bigint, srv_modified bigint, linked integer,
  record_time timestamptz, records jsonb
)
language sql stable
set search_path = public, pg_temp
as $$
  select d.id, d.collection, d.object_id, d.identifier, d.document, d.is_valid, d.srv_created,
    d.srv_modified,
    (select count(*)::integer from nightscout_document_records l where l.document_id = d.id),
    d.record_time,
    coalesce((
      select jsonb_agg(r.record || jsonb_build_object(
        'type', r.record_type, 'hash', encode(r.record_hash, 'hex'), 'time', r.record_time,
        'modifiedMs', r.modified_ms))
      from nightscout_document_records l
      cross join lateral nightscout_records_at(target, l.time, l.time + interval '1 millisecond') r
      where l.document_id = d.id and r.record_hash = l.identity_hash
    ), '[]'::jsonb)
  from nightscout_documents d
  where d.patient_id = target and d.id = any(ids)
$$;

-- Documents and records of a collection in [from_time, to_time), at most max_documents of
-- them, newest or oldest first. Valid documents come from nightscout_documents; with
-- with_loose, canonical records that no valid document links (from other uploads) are added
-- as one document each, and then both times are required. kinds, when set, keeps documents
-- and records of those kinds only (entry types sgv, mbg, cal).
create function nightscout_read(
  target uuid, coll text, kinds text[], from_time timestamptz, to_time timestamptz,
  max_documents integer, newest_first boolean, with_loose boolean
) returns table (
  document_id uuid, collection text, object_id text, identifier text, document jsonb,
  is_valid boolean, srv_created bigint, srv_modified bigint, linked integer,
  record_time timestamptz, records jsonb
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
declare
  picked_documents uuid[];
  picked_records jsonb[];
  picked_times timestamptz[];
  direction integer := case when newest_first then -1 else 1 end;
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  if with_loose and (from_time is null or to_time is null) then
    raise exception 'records without a document are read within a time window only'
      using errcode = '22023';
  end if;

  with documents as (
    select d.id, null::jsonb as record, d.record_time as t
    from nightscout_documents d
    where d.patient_id = target and d.collection = coll and d.is_valid
      and (from_time is null or d.record_time >= from_time)
      and (to_time is null or d.record_time < to_time)
      and (kinds is null or d.kind = any(kinds))
  ), loose as (
    select null::uuid as id,
      r.record || jsonb_build_object(
        'type', r.record_type, 'hash', encode(r.record_hash, 'hex'), 'time', r.record_time,
        'modifiedMs', r.modified_ms) as record,
      r.record_time as t
    from nightscout_records_at(
      target,
      case when with_loose then from_time else 'infinity'::timestamptz end,
      case when with_loose then to_time else 'infinity'::timestamptz end
    ) r
    where nightscout_collection_of(r.record_type, r.record) = coll
      and (kinds is null or nightscout_kind_of(r.record_type) = any(kinds))
      and not exists (
        select 1 from nightscout_document_records l
        join nightscout_documents d on d.id = l.document_id
        where l.patient_id = target and l.identity_hash = r.record_hash
          and l.time = r.record_time and d.is_valid
      )
  ), picked as (
    select * from (select * from documents union all select * from loose) g
    order by direction * extract(epoch from g.t), g.id, g.record->>'hash'
    limit max_documents
  )
  select array_agg(p.id) filter (where p.id is not null),
    array_agg(p.record) filter (where p.id is null),
    array_agg(p.t) filter (where p.id is null)
  into picked_documents, picked_records, picked_times
  from picked p;

  return query select * from nightscout_document_rows(target, coalesce(picked_documents, '{}'));
  return query
    select null::uuid, coll, null::text, null::text, null::jsonb, true, null::bigint,
      null::bigint, 0, x.t, jsonb_build_array(x.record)
    from unnest(coalesce(picked_records, '{}'), coalesce(picked_times, '{}')) x(record, t);
end
$$;

-- Documents of a collection changed after modified_after (epoch ms), deleted ones included,
-- at most max_documents, in the order of srv_modified.
create function nightscout_history(
  target uuid, coll text, modified_after bigint, max_documents integer
) returns table (
  document_id uuid, collection text, object_id text, identifier text, document jsonb,
  is_valid boolean, srv_created bigint, srv_modified bigint, linked integer,
  record_time timestamptz, records jsonb
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  return query
    select * from nightscout_document_rows(target, array(
      select d.id from nightscout_documents d
      where d.patient_id = target and d.collection = coll and d.srv_modified > modified_after
      order by d.srv_modified
      limit max_documents
    ));
end
$$;

-- Documents by ID, deleted ones included; for reads of one document and for write answers.
create function nightscout_documents_by_id(target uuid, ids uuid[]) returns table (
  document_id uuid, collection text, object_id text, identifier text, document jsonb,
  is_valid boolean, srv_created bigint, srv_modified bigint, linked integer,
  record_time timestamptz, records jsonb
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  return query select * from nightscout_document_rows(target, ids);
end
$$;

-- The latest srv_modified of each collection of the patient, for API v3 lastModified.
create function nightscout_last_modified(target uuid)
returns table (collection text, srv_modified bigint)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  return query
    select d.collection, max(d.srv_modified) from nightscout_documents d
    where d.patient_id = target group by d.collection;
end
$$;

grant execute on function nightscout_create_site(uuid, text, text, bytea, bytea),
  nightscout_rotate_secret(uuid, text, bytea, bytea),
  nightscout_create_token(uuid, text, text, bytea, text[]),
  nightscout_revoke_token(uuid, text, uuid),
  nightscout_revoke_site(uuid, text)
  to phoenix_patient;
grant execute on function nightscout_sites_of(uuid) to phoenix_patient, phoenix_clinician;
grant execute on function nightscout_find_credential(text, bytea, uuid),
  nightscout_site_exists(text), nightscout_signing_key()
  to phoenix_api;
grant execute on function nightscout_begin_write(uuid),
  nightscout_find_documents(uuid, text, text[]),
  nightscout_remove_records(uuid, uuid[]),
  nightscout_save_documents(uuid, jsonb),
  nightscout_read(uuid, text, text[], timestamptz, timestamptz, integer, boolean, boolean),
  nightscout_history(uuid, text, bigint, integer),
  nightscout_documents_by_id(uuid, uuid[]),
  nightscout_last_modified(uuid)
  to phoenix_bridge;
