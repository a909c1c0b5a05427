-- Bridges: relays (a phone app, or phoenix-bridge) paired with one patient. A patient creates
-- a one-time pairing code; the bridge registers its Ed25519 public key with the code and signs
-- every batch with the private key, which never leaves the bridge. The API checks the
-- signature against the key stored here before it stores anything.

set local lock_timeout = '5s';
set local statement_timeout = '60s';
set local role phoenix_owner;

create table pairing_codes (
  -- SHA-256 of the code; the code itself is shown once to the patient and never stored.
  code_hash bytea primary key check (length(code_hash) = 32),
  patient_id uuid not null references patients (id),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
alter table pairing_codes enable row level security;
alter table pairing_codes force row level security;
create trigger pairing_codes_90_audit after insert or update or delete on pairing_codes
  for each row execute function audit.record_change();

create table bridges (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients (id),
  name text not null check (length(name) between 1 and 100),
  -- Raw 32-byte Ed25519 public key.
  public_key bytea not null unique check (length(public_key) = 32),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz,
  revoked_at timestamptz
);
alter table bridges enable row level security;
alter table bridges force row level security;
create policy bridges_readable on bridges for select using (can_read_patient(patient_id));
create policy bridges_engineer on bridges for select to phoenix_engineer using (true);
grant select on bridges to phoenix_patient, phoenix_clinician, phoenix_engineer;
create trigger bridges_90_audit after insert or update or delete on bridges
  for each row execute function audit.record_change();

-- A paired, unrevoked bridge may write for its patient; its ID is its app.user_id. Bridge IDs
-- are random UUIDs of their own table, so they never match a user's ID.
create or replace function can_write_patient(target uuid) returns boolean
language sql stable security definer
set search_path = public, pg_temp
as $$
  select can_read_patient(target) or exists (
    select 1 from bridges b
    where b.id = app_user_id() and b.patient_id = target and b.revoked_at is null
  )
$$;

-- Create a one-time pairing code for the caller's own patient record, valid for 15 minutes.
-- Returns the code; only its hash is stored.
create function create_pairing_code(target uuid) returns table (code text, expires_at timestamptz)
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  -- Crockford base32 without I, L, O and U, so codes read aloud unambiguously.
  alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  random_bytes bytea := gen_random_bytes(10);
  fresh text := '';
  expiry timestamptz := now() + interval '15 minutes';
begin
  if not exists (select 1 from patients p where p.id = target and p.user_id = app_user_id()) then
    raise exception 'only the patient may pair a bridge for patient %', target using errcode = '42501';
  end if;
  for i in 0..9 loop
    fresh := fresh || substr(alphabet, (get_byte(random_bytes, i) % 32) + 1, 1);
  end loop;
  insert into pairing_codes (code_hash, patient_id, created_by, expires_at)
  values (digest(fresh, 'sha256'), target, app_user_id(), expiry);
  return query select fresh, expiry;
end
$$;

-- Register a bridge's public key with a pairing code. Raises 42501 for an unknown, used or
-- expired code, so the three cannot be told apart.
create function pair_bridge(pairing_code text, key bytea, bridge_name text)
returns table (bridge_id uuid, patient_id uuid)
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  found_code pairing_codes;
  created uuid;
begin
  select * into found_code from pairing_codes c
  where c.code_hash = digest(upper(pairing_code), 'sha256')
  for update;
  if not found or found_code.used_at is not null or found_code.expires_at < now() then
    raise exception 'pairing code is invalid, used or expired' using errcode = '42501';
  end if;
  update pairing_codes set used_at = now() where code_hash = found_code.code_hash;
  insert into bridges (patient_id, name, public_key)
  values (found_code.patient_id, bridge_name, key)
  returning id into created;
  return query select created, found_code.patient_id;
end
$$;

-- The key and patient of a bridge, for the API's signature check before any request runs.
-- Called by the API's login role outside any application role, like the development login.
create function bridge_identity(bridge uuid) returns table (
  patient_id uuid, public_key bytea, revoked boolean
)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select b.patient_id, b.public_key, b.revoked_at is not null from bridges b where b.id = bridge
$$;

-- Record that a bridge was seen; called with the bridge's own identity.
create function touch_bridge() returns void
language sql security definer
set search_path = public, pg_temp
as $$
  update bridges set last_seen_at = now() where id = app_user_id()
$$;

-- Revoke a bridge; the patient only.
create function revoke_bridge(bridge uuid) returns void
language plpgsql security definer
set search_path = public, pg_temp
as $$
begin
  update bridges b set revoked_at = now()
  from patients p
  where b.id = bridge and p.id = b.patient_id and p.user_id = app_user_id()
    and b.revoked_at is null;
  if not found then
    raise exception 'bridge % not found', bridge using errcode = '42501';
  end if;
end
$$;

grant execute on function create_pairing_code(uuid), revoke_bridge(uuid) to phoenix_patient;
grant execute on function pair_bridge(text, bytea, text) to phoenix_bridge;
grant execute on function touch_bridge() to phoenix_bridge;
grant execute on function bridge_identity(uuid) to phoenix_api;

-- A user by ID, for the API's token check: a removed user's tokens stop working at once.
-- Called by the API's login role before it switches to an application role.
create function find_user(user_id uuid) returns table (id uuid, display_name text, role text)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select u.id, u.display_name, u.role from users u where u.id = user_id
$$;

grant execute on function find_user(uuid) to phoenix_api;

-- Only a paired, unrevoked bridge of the credential's patient may decrypt it. Other callers
-- that act as the bridge role (a Nightscout site's credential, for one) may write the
-- patient's data, but get no vendor secrets.
create or replace function public.vault_use_credential(credential uuid) returns table (
  provider text, username text, secret text
)
language plpgsql security definer
set search_path = vault, public, pg_temp
as $$
declare
  row vault.credentials;
  data_key text;
begin
  select * into row from vault.credentials c where c.id = credential;
  if not found or not exists (
    select 1 from public.bridges b
    where b.id = public.app_user_id() and b.patient_id = row.patient_id and b.revoked_at is null
  ) then
    raise exception 'credential % not found', credential using errcode = '42501';
  end if;
  select k.key into data_key from vault.data_keys k where k.id = row.key_id;
  insert into vault.credential_uses (credential_id, used_by) values (credential, public.app_user_id());
  return query select
    row.provider,
    public.pgp_sym_decrypt(row.username_encrypted, data_key),
    public.pgp_sym_decrypt(row.secret_encrypted, data_key);
end
$$;
