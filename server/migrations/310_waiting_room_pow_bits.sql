-- Per-room proof-of-work difficulty (issue 15): leading zero bits a new place in
-- this room costs, set by a region administrator. Null: the configured default
-- (WAITING_ROOM_POW_BITS); 0: no proof asked. The automatic raise under load
-- (WAITING_ROOM_POW_LOAD_BITS) comes on top of a non-zero value.
alter table waiting_rooms add column pow_bits integer check (pow_bits between 0 and 24);
