-- wrk script: each connection sends what kube-scheduler sends an extender for one pod, over and
-- over: POST /filter (every node's name), then POST /prioritize (the names the filter passed).
-- The bodies come from the directory in the environment variable REQUESTS (filter.json and
-- prioritize.json, as ExtenderServerMain writes them). wrk's latency is per request, not per pod.
--
--   java -cp benchmarks/target/benchmarks.jar io.edgeplace.benchmarks.ExtenderServerMain 5000 /tmp/req
--   REQUESTS=/tmp/req wrk -t1 -c1 -d20s --latency -s benchmarks/wrk/filter-prioritize.lua http://127.0.0.1:PORT

local dir = os.getenv("REQUESTS") or error("set REQUESTS to the directory holding filter.json and prioritize.json")

local function slurp(name)
  local f = io.open(dir .. "/" .. name, "rb") or error("cannot read " .. dir .. "/" .. name)
  local body = f:read("*a")
  f:close()
  return body
end

local headers = { ["Content-Type"] = "application/json" }
local filter, prioritize

function init(args)
  filter = wrk.format("POST", "/filter", headers, slurp("filter.json"))
  prioritize = wrk.format("POST", "/prioritize", headers, slurp("prioritize.json"))
end

local calls = 0

function request()
  calls = calls + 1
  if calls % 2 == 1 then
    return filter
  end
  return prioritize
end

local failures = 0

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then
      io.stderr:write("status " .. status .. ": " .. string.sub(body, 1, 200) .. "\n")
    end
  end
end
