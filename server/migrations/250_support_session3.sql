-- Citizen support, session 3 (issue 16): rating links for e-mail and public-form cases (signed,
-- single-use, expiring), versioned help-centre articles with a last-reviewed date, and the
-- key the rating links are signed with (shared by every instance). Forward-only.

create table support_secrets (
  id integer primary key check (id = 1),
  secret text not null
);

-- One row per rating link sent; the signed token carries the nonce, the row makes it single-use.
create table support_rating_tokens (
  nonce text primary key,
  case_id uuid not null references support_cases(id),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index support_rating_tokens_case on support_rating_tokens (case_id);

alter table support_articles add column version integer not null default 1;
alter table support_articles add column last_reviewed_at timestamptz;
update support_articles set last_reviewed_at = updated_at;

create table support_article_versions (
  article_id uuid not null references support_articles(id),
  version integer not null,
  title text not null,
  body text not null,
  keywords text not null,
  status text not null check (status in ('draft', 'published')),
  saved_by_staff_id uuid references staff(id),
  saved_at timestamptz not null,
  primary key (article_id, version)
);
insert into support_article_versions (article_id, version, title, body, keywords, status, saved_by_staff_id, saved_at)
  select id, 1, title, body, keywords, status, updated_by_staff_id, updated_at from support_articles;
