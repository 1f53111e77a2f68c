/**
 * The batch state machine as Redis Lua scripts: each runs atomically, so appending, deciding to
 * close and closing can never interleave between two replicas. Time comes from Redis (TIME), so
 * replicas with skewed clocks still agree on every deadline.
 *
 * Keys, all under `base` (= redisKey(prefix, 'batching')):
 *   base:open:<lane>          the lane's open batch id (at most one); a lane is a camera, or a
 *                             camera's clip (`<camera>:video:<sha256>`)
 *   base:batch:<id>           hash: camera, started_ms, last_ms, count, window_ms, idle_ms, max,
 *                             state (open|closed), reason, closed_ms, fast, correlation_id, lane
 *   base:batch:<id>:members   set of detection ids
 *   base:assigned:<detection> the batch a detection went to (TTL): a redelivered job adds nothing
 *   KEYS[1] deadlines         zset: open batch id -> deadline (ms)
 *   KEYS[2] closing           zset: closed batch id -> last hand-off attempt (ms); removed once
 *                             the analysis job is queued and PostgreSQL marked
 */
const COMMON = `
local base = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function batchKey(id) return base .. ':batch:' .. id end
local function dueReason(bk)
  local f = redis.call('HMGET', bk, 'started_ms', 'last_ms', 'window_ms', 'idle_ms')
  if not f[1] then return false end
  if now >= tonumber(f[1]) + tonumber(f[3]) then return 'timeout' end
  if now >= tonumber(f[2]) + tonumber(f[4]) then return 'idle' end
  return false
end
local function closeBatch(id, reason, closed)
  local bk = batchKey(id)
  local f = redis.call('HMGET', bk, 'camera', 'lane')
  redis.call('HSET', bk, 'state', 'closed', 'closed_ms', now, 'reason', reason)
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[2], now, id)
  local openKey = base .. ':open:' .. (f[2] or f[1])
  if redis.call('GET', openKey) == id then redis.call('DEL', openKey) end
  table.insert(closed, id)
  table.insert(closed, reason)
end
`;

/**
 * ARGV: base, camera, new batch id, window_ms, idle_ms, max, assignment ttl (s), correlation id,
 * lane, detection ids... Closes the lane's open batch first when its deadline has passed (the
 * sweeper may not have run yet), then adds each unassigned detection, opening a batch when none
 * is open and closing it at `max`. Returns { closed: [id, reason]..., added: [detection, id]... }.
 * The lane is the camera for snapshots, and camera plus clip for a video's frames, so a clip's
 * frames have a batch of their own beside the camera's (`open:<lane>`).
 */
export const APPEND_SCRIPT = `${COMMON}
local camera = ARGV[2]
local lane = ARGV[9]
local openKey = base .. ':open:' .. lane
local closed, added = {}, {}
local opened = 0
local current = redis.call('GET', openKey)
if current then
  local reason = dueReason(batchKey(current))
  if reason then closeBatch(current, reason, closed); current = false end
end
for n = 10, #ARGV do
  local ak = base .. ':assigned:' .. ARGV[n]
  if redis.call('EXISTS', ak) == 0 then
    if not current then
      opened = opened + 1
      current = ARGV[3]
      if opened > 1 then current = current .. '_' .. opened end
      redis.call('HSET', batchKey(current), 'camera', camera, 'started_ms', now, 'last_ms', now, 'count', 0,
        'window_ms', ARGV[4], 'idle_ms', ARGV[5], 'max', ARGV[6], 'state', 'open', 'fast', 0, 'correlation_id', ARGV[8], 'lane', lane)
      redis.call('SET', openKey, current)
    end
    local bk = batchKey(current)
    redis.call('SET', ak, current, 'EX', ARGV[7])
    redis.call('SADD', bk .. ':members', ARGV[n])
    redis.call('HSET', bk, 'last_ms', now)
    table.insert(added, ARGV[n])
    table.insert(added, current)
    local count = redis.call('HINCRBY', bk, 'count', 1)
    if count >= tonumber(redis.call('HGET', bk, 'max')) then
      closeBatch(current, 'max_size', closed)
      current = false
    else
      local f = redis.call('HMGET', bk, 'started_ms', 'window_ms', 'idle_ms')
      redis.call('ZADD', KEYS[1], math.min(tonumber(f[1]) + tonumber(f[2]), now + tonumber(f[3])), current)
    end
  end
end
return { closed, added }`;

/** ARGV: base, batch id. Closes that batch if it is still open and due; returns the reason or false. */
export const CLOSE_IF_DUE_SCRIPT = `${COMMON}
local id = ARGV[2]
local bk = batchKey(id)
if redis.call('HGET', bk, 'state') ~= 'open' then
  redis.call('ZREM', KEYS[1], id)
  return false
end
local reason = dueReason(bk)
if not reason then return false end
local closed = {}
closeBatch(id, reason, closed)
return reason`;

/**
 * ARGV: base, camera, batch id, reason, fast (0|1), assignment ttl, correlation id, detection ids...
 * A batch that is closed the moment it is made (fast path, recovery): claims the detections no
 * batch holds yet and returns them; claims nothing (and makes no batch) when all are taken.
 */
export const CLOSE_NOW_SCRIPT = `${COMMON}
local id = ARGV[3]
local bk = batchKey(id)
local claimed = {}
for n = 8, #ARGV do
  local ak = base .. ':assigned:' .. ARGV[n]
  if redis.call('SET', ak, id, 'NX', 'EX', ARGV[6]) then
    redis.call('SADD', bk .. ':members', ARGV[n])
    table.insert(claimed, ARGV[n])
  end
end
if #claimed == 0 then return claimed end
redis.call('HSET', bk, 'camera', ARGV[2], 'started_ms', now, 'last_ms', now, 'count', redis.call('SCARD', bk .. ':members'),
  'state', 'closed', 'closed_ms', now, 'reason', ARGV[4], 'fast', ARGV[5], 'correlation_id', ARGV[7])
redis.call('ZADD', KEYS[2], now, id)
return claimed`;

/**
 * ARGV: base, stale after (ms), limit. Closed batches whose hand-off has not finished within
 * `stale after` (the replica doing it died): their attempt time is moved to now, so one replica
 * retries each, and they are returned.
 */
export const CLAIM_STALE_SCRIPT = `${COMMON}
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[2]), 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[2], now, id) end
return ids`;

/** ARGV: base, batch id. The hand-off is done: forget the batch (the assignments keep their TTL). */
export const FORGET_SCRIPT = `${COMMON}
local id = ARGV[2]
redis.call('ZREM', KEYS[2], id)
redis.call('DEL', batchKey(id), batchKey(id) .. ':members')
return 1`;
