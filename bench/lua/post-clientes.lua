-- POST /clientes with a unique nome per request. TOKEN comes from the environment.
local token = os.getenv("TOKEN")
local threads = 0
local thread_id = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function request()
  counter = counter + 1
  local body = string.format('{"nome":"Bench %s-%d-%d","email":"bench%d@fichas.test"}',
      os.getenv("BENCH_TAG") or "x", thread_id, counter, counter)
  return wrk.format("POST", "/clientes",
      {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
