-- wrk script: cycles through the paths in MIXED_PATHS (space-separated) and
-- counts every response that is not a 200 with a body, like check.lua.
local paths = {}
for p in string.gmatch(os.getenv("MIXED_PATHS") or "/", "%S+") do table.insert(paths, p) end
local threads = {}
local i = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  checked = 0
  bad = 0
  first_bad = ""
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end

function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 or not body or #body == 0 then
    bad = bad + 1
    if first_bad == "" then first_bad = string.format("status %d", status) end
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
