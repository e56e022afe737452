-- Citizen support, session 4 (issue 16): waiting cases are offered automatically to an agent who
-- becomes free or comes online. Agents state the languages they answer in (a case is offered
-- only to an agent who speaks its locale), and an agent who declines an offer is not offered
-- that case again. Forward-only.

alter table support_agents add column languages text[] not null default '{sv,en}';
alter table support_cases add column declined_by uuid[] not null default '{}';
