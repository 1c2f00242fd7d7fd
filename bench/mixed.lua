-- wrk script: cycles through the paths in MIXED_PATHS (space-separated);
-- every response is checked by check.lua (run from the repository root, with
-- WANT_MIN=1: a 200 with a body).
dofile("bench/check.lua")

local paths = {}
for p in string.gmatch(os.getenv("MIXED_PATHS") or "/", "%S+") do table.insert(paths, p) end
local i = 0

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end
