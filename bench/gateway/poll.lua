-- Polls send_msg as many instances: each request uses the next pid of 1..N (N from the INSTANCES env var).
local n = tonumber(os.getenv("INSTANCES") or "10000")
local counter = 0
request = function()
  counter = counter + 1
  local pid = (counter % n) + 1
  return wrk.format("GET", "/send_msg?wxid=wxid_i" .. pid .. "&pid=" .. pid)
end
