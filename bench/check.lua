-- wrk script: counts every response whose status or body size is not the
-- expected one, so that a run with a wrong answer (a 403, an error page, an
-- empty body) is never reported as fast. Expected values come from the
-- environment: WANT_STATUS (default 200), WANT_MIN and WANT_MAX (body bytes
-- as received, i.e. compressed when gzip was asked for).
local want_status = tonumber(os.getenv("WANT_STATUS") or "200")
local want_min = tonumber(os.getenv("WANT_MIN") or "0")
local want_max = tonumber(os.getenv("WANT_MAX") or "1e15")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  checked = 0
  bad = 0
  first_bad = ""
end

function response(status, headers, body)
  checked = checked + 1
  local size = body and #body or 0
  if status ~= want_status or size < want_min or size > want_max then
    bad = bad + 1
    if first_bad == "" then
      first_bad = string.format("status %d size %d", status, size)
    end
  end
end

function done(summary, latency, requests)
  local c, b, first = 0, 0, ""
  for _, t in ipairs(threads) do
    c = c + t:get("checked")
    b = b + t:get("bad")
    if first == "" then first = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format("CHECK checked=%d bad=%d socket_errors=%d non2xx=%d first_bad=%s\n",
    c, b, e.connect + e.read + e.write + e.timeout, e.status, first ~= "" and first or "-"))
end
