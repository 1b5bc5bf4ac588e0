"""The Lua scripts of the Redis ledger: each runs atomically on Redis, on Redis's own clock.

One mechanism serves request slots and API seats alike (a "pool"):

    KEYS[1] holders  sorted set: lease -> expiry (a holder that stops renewing drops out)
    KEYS[2] queue    sorted set: ticket -> arrival number (FIFO across processes)
    KEYS[3] alive    sorted set: ticket -> expiry (a waiter that stops renewing leaves the queue)
    KEYS[4] seq      counter of arrivals
    KEYS[5] window   sorted set: lease -> end time of a request (slots only: per-minute window)

A ticket may take a lease when its rank in the queue is below both the free capacity and the
per-minute budget, so waiters start in arrival order. Whoever frees room (a release, an abandoned
ticket, an expired lease) pushes a wake-up onto the list `<wake prefix><ticket>` of the first
waiters, which block on it (BLPOP) instead of polling. Times are seconds from Redis `TIME`, so
machines with different clocks agree. Every key gets a TTL, so an idle site leaves nothing behind.
"""

from __future__ import annotations

_COMMON = """
local function now_s()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end

-- Drop holders and waiters whose lease ran out (their process died or hangs). A dead request
-- holder may have reached Acumatica: it counts in the per-minute window as ended now.
local function purge(now, windowed, horizon)
  local dropped = false
  local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
  if #dead > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
    if windowed then
      for _, lease in ipairs(dead) do redis.call('ZADD', KEYS[5], now, lease) end
    end
    dropped = true
  end
  local gone = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
  if #gone > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
    for _, ticket in ipairs(gone) do redis.call('ZREM', KEYS[2], ticket) end
    dropped = true
  end
  if windowed then redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - horizon) end
  return dropped
end

-- How many waiters may start now (from the head of the queue), and for the waiter at `rank`
-- the seconds until the per-minute window lets it start (-1: only a request's end can help).
local function room(capacity, per_minute, now, horizon, rank)
  local held = redis.call('ZCARD', KEYS[1])
  local free = 1000000000
  if capacity >= 0 then free = capacity - held end
  local retry = -1
  if per_minute >= 0 then
    local ended = redis.call('ZCARD', KEYS[5])
    local budget = per_minute - held - ended
    if budget < free then free = budget end
    local index = rank - budget
    if index >= 0 and index < ended then
      local entry = redis.call('ZRANGE', KEYS[5], index, index, 'WITHSCORES')
      retry = tonumber(entry[2]) + horizon - now
      if retry < 0.001 then retry = 0.001 end
    end
  end
  return free, retry, held
end

local function wake(count, prefix, ttl_ms)
  if count > 32 then count = 32 end
  if count < 1 then return end
  for _, ticket in ipairs(redis.call('ZRANGE', KEYS[2], 0, count - 1)) do
    local key = prefix .. ticket
    redis.call('RPUSH', key, 1)
    redis.call('LTRIM', key, -1, -1)
    redis.call('PEXPIRE', key, ttl_ms)
  end
end

local function touch(ttl_ms)
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ttl_ms) end
end
"""

# ARGV: ticket, lease, capacity (-1 none), lease seconds, ticket seconds, per-minute (-1 none),
#       window horizon, wake prefix, key TTL ms, wake TTL ms
# Returns {1, holders} when the lease was taken, else {0, retry ms (-1: wait for a release), rank}.
ACQUIRE = (
    _COMMON
    + """
local ticket, lease = ARGV[1], ARGV[2]
local capacity, per_minute = tonumber(ARGV[3]), tonumber(ARGV[6])
local horizon, prefix = tonumber(ARGV[7]), ARGV[8]
local ttl, wake_ttl = tonumber(ARGV[9]), tonumber(ARGV[10])
local now = now_s()
local dropped = purge(now, per_minute >= 0, horizon)
if not redis.call('ZSCORE', KEYS[2], ticket) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ticket)
end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[5]), ticket)
local rank = redis.call('ZRANK', KEYS[2], ticket)
local free, retry, held = room(capacity, per_minute, now, horizon, rank)
if rank < free then
  redis.call('ZREM', KEYS[2], ticket)
  redis.call('ZREM', KEYS[3], ticket)
  redis.call('DEL', prefix .. ticket)
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), lease)
  if dropped then wake(free - 1, prefix, wake_ttl) end
  touch(ttl)
  return {1, held + 1}
end
if dropped then wake(free, prefix, wake_ttl) end
touch(ttl)
if retry < 0 then return {0, -1, rank} end
return {0, math.ceil(retry * 1000), rank}
"""
)

# ARGV: lease, capacity, per-minute, window horizon, wake prefix, key TTL ms, wake TTL ms
# Returns the number of holders left.
RELEASE = (
    _COMMON
    + """
local capacity, per_minute = tonumber(ARGV[2]), tonumber(ARGV[3])
local horizon = tonumber(ARGV[4])
local now = now_s()
purge(now, per_minute >= 0, horizon)
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 and per_minute >= 0 then
  redis.call('ZADD', KEYS[5], now, ARGV[1])
end
local free, retry, held = room(capacity, per_minute, now, horizon, 0)
if free < 1 then free = 1 end  -- the head learns how long the window makes it wait
wake(free, ARGV[5], tonumber(ARGV[7]))
touch(tonumber(ARGV[6]))
return held
"""
)

# ARGV: ticket, capacity, per-minute, window horizon, wake prefix, key TTL ms, wake TTL ms
# A waiter gives up (time-out, error): the ones behind it move up and may start.
ABANDON = (
    _COMMON
    + """
local capacity, per_minute = tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_s()
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('DEL', ARGV[5] .. ARGV[1])
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then
  local free = room(capacity, per_minute, now, tonumber(ARGV[4]), 0)
  wake(free, ARGV[5], tonumber(ARGV[7]))
end
return 0
"""
)

# KEYS[1] one sorted set (holders or alive); ARGV: lease seconds, key TTL ms, members...
# Extends the members still present; returns the ones that were gone (their lease had run out).
RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local expiry = now + tonumber(ARGV[1])
local lost = {}
for i = 3, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], expiry, ARGV[i])
  else
    table.insert(lost, ARGV[i])
  end
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return lost
"""

# KEYS: slot holders, slot queue, window, seat holders; ARGV: window horizon.
# Returns {requests in flight, requests waiting, requests in the window, sessions} (live leases).
USAGE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
return {
  redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf'),
  redis.call('ZCARD', KEYS[2]),
  redis.call('ZCOUNT', KEYS[3], '(' .. (now - tonumber(ARGV[1])), '+inf'),
  redis.call('ZCOUNT', KEYS[4], '(' .. now, '+inf'),
}
"""
