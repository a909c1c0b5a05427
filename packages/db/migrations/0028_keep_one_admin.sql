-- Only admins manage users, so a database whose last admin is demoted or deleted can no longer
-- be managed. This trigger rejects that change with SQLSTATE PA410, whether it comes from the
-- API or from direct SQL.

-- Fail fast instead of queueing behind live traffic.
set local lock_timeout = '10s';
set local statement_timeout = '1min';

set local role phoenix_owner;

create function keep_one_admin()
returns trigger
language plpgsql security definer
set search_path = public, pg_temp
as $$
begin
  if old.role <> 'admin' or (tg_op = 'UPDATE' and new.role = 'admin') then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  -- Two admins demoted at once must not both see the other as the remaining admin. The lock
  -- queues such transactions. FOR UPDATE then reads the newest committed role under READ
  -- COMMITTED, and under REPEATABLE READ it raises a serialization failure (40001) when the
  -- other admin row changed after the snapshot.
  perform pg_advisory_xact_lock(hashtext('phoenix.keep_one_admin'));
  perform 1 from users where role = 'admin' and id <> old.id limit 1 for update;
  if not found then
    raise exception 'user % is the last admin, so it cannot be demoted or deleted', old.id
      using errcode = 'PA410', hint = 'make another user admin first';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger users_keep_one_admin
before update of role or delete on users
for each row execute function keep_one_admin();
