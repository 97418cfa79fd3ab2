-- POST /pedidos for a random cliente (1..CLIENTES) and tipo (1..5); prints the first three answers
-- that are not 2xx. TOKEN comes from the environment.
local token = os.getenv("TOKEN")
local clientes = tonumber(os.getenv("CLIENTES") or "200")
local counter = 0
local shown = 0

function request()
  counter = counter + 1
  local body = string.format(
      '{"cliente_id":%d,"tipo_id":%d,"descricao":"Bench pedido %d","quantidade":%d,"data_entrega_prevista":"2027-01-31"}',
      math.random(1, clientes), math.random(1, 5), counter, math.random(1, 100))
  return wrk.format("POST", "/pedidos",
      {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function response(status, headers, body)
  if (status < 200 or status > 299) and shown < 3 then
    shown = shown + 1
    io.write("non-2xx answer: " .. status .. " " .. string.sub(body, 1, 300) .. "\n")
  end
end
