-- GET <BENCH_PATH> with a token; prints the first three answers that are not 2xx (status and body)
-- so a run says what its non-2xx were. TOKEN and BENCH_PATH come from the environment.
local token = os.getenv("TOKEN")
local path = os.getenv("BENCH_PATH") or "/pedidos"
local shown = 0

function request()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if (status < 200 or status > 299) and shown < 3 then
    shown = shown + 1
    io.write("non-2xx answer: " .. status .. " " .. string.sub(body, 1, 300) .. "\n")
  end
end
