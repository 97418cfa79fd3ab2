-- One request kind of the JMeter flow (jmeter/README.md), for bench/instance-kinds.sh. Environment: TOKEN, KIND (tipos,
-- search, list, postcli, postped, patch, img, export), MAXID (highest pedido id, for img and export). patch walks the ids
-- from 1 (thread t of 2 takes t, t+2, ...): run it once per fresh data set. Prints the first two answers not 2xx.
local token = os.getenv("TOKEN")
local kind = os.getenv("KIND")
local maxid = tonumber(os.getenv("MAXID") or "1000")
local counter = 0
local png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
local bad = 0
local tid = 0
local nthreads = 0
function setup(thread) nthreads = nthreads + 1; thread:set("tid", nthreads) end
function init(_) tid = tonumber(wrk.thread:get("tid") or "1") end
function request()
  counter = counter + 1
  local h = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
  if kind == "tipos" then return wrk.format("GET", "/producoes/tipos?ativo=true", h)
  elseif kind == "search" then return wrk.format("GET", "/clientes?q=" .. math.random(0,9) .. "&size=20", h)
  elseif kind == "list" then return wrk.format("GET", "/pedidos?status=recebido&size=20", h)
  elseif kind == "postcli" then return wrk.format("POST", "/clientes", h, string.format('{"nome":"Cliente %d-%d"}', tid, counter))
  elseif kind == "postped" then
    h["Idempotency-Key"] = string.format("k-%d-%d-%d", tid, counter, math.random(1, 1000000000))
    return wrk.format("POST", "/pedidos", h, string.format('{"cliente_id":%d,"tipo_id":%d,"descricao":"Bench %d","quantidade":%d}', math.random(1, 200), math.random(1, 5), counter, math.random(1,100)))
  elseif kind == "patch" then
    local id = (counter - 1) * 2 + tid
    return wrk.format("PATCH", "/pedidos/" .. id .. "/status", h, '{"status":"em_producao"}')
  elseif kind == "img" then
    h["Idempotency-Key"] = string.format("i-%d-%d-%d", tid, counter, math.random(1, 1000000000))
    return wrk.format("POST", "/pedidos/" .. math.random(1, maxid) .. "/imagens", h, '{"filename":"a.png","data":"' .. png .. '"}')
  elseif kind == "export" then return wrk.format("GET", "/pedidos/" .. math.random(1, maxid) .. "/export", h)
  end
end
function response(status, headers, body)
  if (status < 200 or status > 299) and bad < 2 then bad = bad + 1; io.write("non-2xx " .. status .. " " .. string.sub(body, 1, 200) .. "\n") end
end
