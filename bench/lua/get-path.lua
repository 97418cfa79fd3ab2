-- GET <BENCH_PATH> with a token. TOKEN and BENCH_PATH come from the environment.
local token = os.getenv("TOKEN")
local path = os.getenv("BENCH_PATH") or "/producoes/tipos"

function request()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
