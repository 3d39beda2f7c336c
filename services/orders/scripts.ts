/**
 * Lua scripts, each one atomic in Redis. Single-node Redis only: closeBatch derives the
 * batch key inside the script, which Redis Cluster would not allow.
 */

/**
 * KEYS: idempotency key (or '' when none), order key, cart key (or '').
 * ARGV: order JSON, idempotency record JSON, TTL seconds.
 * Returns {1} when created, {0, existing idempotency record} when the key was taken.
 */
export const insertOrderLua = `
if KEYS[1] ~= '' then
  local existing = redis.call('GET', KEYS[1])
  if existing then return {0, existing} end
  redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
end
redis.call('SET', KEYS[2], ARGV[1])
if KEYS[3] ~= '' then redis.call('DEL', KEYS[3]) end
return {1}
`;

/**
 * Adds an order to its partner's open batch (mode 'add') or checks the batch's age
 * (mode 'flush'), and closes the batch when it is full or old enough: the batch record
 * is written and announced on the stream in the same step, so none is lost in between.
 * KEYS: open list, open-since, batch sequence, stream.
 * ARGV: mode, orderId, now ms, maxOrders, windowMs, partner, batch key prefix, stream max length.
 * Returns the closed batch id, or false.
 */
export const closeBatchLua = `
local mode, now = ARGV[1], tonumber(ARGV[3])
local maxOrders, windowMs = tonumber(ARGV[4]), tonumber(ARGV[5])
if mode == 'add' then
  redis.call('RPUSH', KEYS[1], ARGV[2])
  redis.call('SET', KEYS[2], now, 'NX')
end
local n = redis.call('LLEN', KEYS[1])
if n == 0 then return false end
local since = tonumber(redis.call('GET', KEYS[2]) or now)
if n < maxOrders and (mode == 'add' or now - since < windowMs) then return false end
local ids = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1], KEYS[2])
local seq = redis.call('INCR', KEYS[3])
local id = ARGV[6] .. '-' .. string.format('%06d', seq)
local record = cjson.encode({id = id, partner = ARGV[6], orderIds = ids, createdAt = now})
redis.call('SET', ARGV[7] .. id, record)
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[8], '*', 'batchId', id, 'partner', ARGV[6], 'orders', n)
return id
`;
