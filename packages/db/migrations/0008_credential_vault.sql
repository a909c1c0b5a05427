-- Credential vault for vendor clouds (Dexcom Share, LibreLinkUp) that pull bridges log in to.
-- Secrets are encrypted with pgp_sym_encrypt and AES-256 under a data key kept in a table no
-- application role can read. Application roles reach credentials only through the SECURITY
-- DEFINER functions below: patients store and remove their own, only the bridge role can
-- obtain a decrypted credential, and every such use is written to an audited table.

set local role phoenix_owner;

create schema vault;
revoke all on schema vault from public;

-- Data keys; the newest row without retired_at encrypts, older ones only wait for rotation.
create table vault.data_keys (
  id integer generated always as identity primary key,
  key text not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
alter table vault.data_keys enable row level security;
alter table vault.data_keys force row level security;
insert into vault.data_keys (key) values (encode(public.gen_random_bytes(32), 'base64'));

create table vault.credentials (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references public.patients (id),
  provider text not null check (provider in ('dexcom-share', 'librelinkup')),
  username_encrypted bytea not null,
  secret_encrypted bytea not null,
  key_id integer not null references vault.data_keys (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (patient_id, provider)
);
alter table vault.credentials enable row level security;
alter table vault.credentials force row level security;

-- One row per decryption, so every use of a credential is in the audit trail.
create table vault.credential_uses (
  id bigint generated always as identity primary key,
  credential_id uuid not null references vault.credentials (id),
  used_by uuid,
  used_at timestamptz not null default now()
);
alter table vault.credential_uses enable row level security;
alter table vault.credential_uses force row level security;

create trigger credentials_90_audit after insert or update or delete on vault.credentials
  for each row execute function audit.record_change();
create trigger credential_uses_90_audit after insert on vault.credential_uses
  for each row execute function audit.record_change();

create function vault.current_key() returns vault.data_keys
language sql stable
as $$
  select * from vault.data_keys where retired_at is null order by id desc limit 1
$$;

-- Store or replace a patient's credential for a provider. Raises 42501 unless the caller may
-- write for the patient. Returns the credential's ID.
create function public.vault_store_credential(
  target uuid, provider_name text, username text, secret text
) returns uuid
language plpgsql security definer
set search_path = vault, public, pg_temp
as $$
declare
  data_key vault.data_keys := vault.current_key();
  stored uuid;
begin
  if not public.can_write_patient(target) then
    raise exception 'not allowed to store credentials for patient %', target using errcode = '42501';
  end if;
  insert into vault.credentials as c (patient_id, provider, username_encrypted, secret_encrypted, key_id)
  values (
    target, provider_name,
    public.pgp_sym_encrypt(username, data_key.key, 'cipher-algo=aes256'),
    public.pgp_sym_encrypt(secret, data_key.key, 'cipher-algo=aes256'),
    data_key.id
  )
  on conflict (patient_id, provider) do update set
    username_encrypted = excluded.username_encrypted,
    secret_encrypted = excluded.secret_encrypted,
    key_id = excluded.key_id,
    updated_at = now()
  returning c.id into stored;
  return stored;
end
$$;

-- The providers a readable patient has credentials for, without the secrets.
create function public.vault_list_credentials(target uuid) returns table (
  id uuid, provider text, created_at timestamptz, updated_at timestamptz
)
language plpgsql stable security definer
set search_path = vault, public, pg_temp
as $$
begin
  if not public.can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  return query
    select c.id, c.provider, c.created_at, c.updated_at
    from vault.credentials c where c.patient_id = target order by c.provider;
end
$$;

-- Decrypt a credential for a pull bridge. Only the bridge role may call it, and only for a
-- patient it may write for; each call is recorded in vault.credential_uses.
create function public.vault_use_credential(credential uuid) returns table (
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
  if not found or not public.can_write_patient(row.patient_id) then
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

-- Encrypt every credential under a new data key and retire the old keys. Returns how many
-- credentials were re-encrypted.
create function public.vault_rotate_key() returns integer
language plpgsql security definer
set search_path = vault, public, pg_temp
as $$
declare
  fresh vault.data_keys;
  rotated integer;
begin
  perform pg_advisory_xact_lock(hashtext('phoenix vault rotation'));
  insert into vault.data_keys (key) values (encode(public.gen_random_bytes(32), 'base64'))
  returning * into fresh;

  update vault.credentials c set
    username_encrypted = public.pgp_sym_encrypt(
      public.pgp_sym_decrypt(c.username_encrypted, k.key), fresh.key, 'cipher-algo=aes256'),
    secret_encrypted = public.pgp_sym_encrypt(
      public.pgp_sym_decrypt(c.secret_encrypted, k.key), fresh.key, 'cipher-algo=aes256'),
    key_id = fresh.id,
    updated_at = now()
  from vault.data_keys k
  where k.id = c.key_id and c.key_id <> fresh.id;
  get diagnostics rotated = row_count;

  update vault.data_keys set retired_at = now() where id <> fresh.id and retired_at is null;
  return rotated;
end
$$;

grant execute on function public.vault_store_credential(uuid, text, text, text)
  to phoenix_patient, phoenix_clinician;
grant execute on function public.vault_list_credentials(uuid) to phoenix_patient, phoenix_clinician;
grant execute on function public.vault_use_credential(uuid) to phoenix_bridge;
grant execute on function public.vault_rotate_key() to phoenix_admin;
