-- GET <BENCH_PATH>/<random id in 1..MAX_ID>. TOKEN, BENCH_PATH and MAX_ID come from the environment.
local token = os.getenv("TOKEN")
local path = os.getenv("BENCH_PATH") or "/clientes"
local max_id = tonumber(os.getenv("MAX_ID") or "1000")

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", path .. "/" .. math.random(1, max_id), {["Authorization"] = "Bearer " .. token})
end
