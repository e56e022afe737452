-- Staff login (OpenID Connect): the pending authorization requests of this relying party.
-- One row per redirect to the IdP, keyed by the sha256 of a random id held in a short-lived
-- HttpOnly cookie; the PKCE code_verifier, state and nonce never leave the server. A row is
-- deleted when its callback arrives (single use) and is worthless after expires_at (10 minutes).
create table staff_login_requests (
  id_hash text primary key,
  code_verifier text not null,
  state text not null,
  nonce text not null,
  return_to text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index staff_login_requests_expiry on staff_login_requests (expires_at);
