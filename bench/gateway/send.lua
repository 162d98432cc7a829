-- POST a text through the developer API and wait for the finished command (REST -> agent -> ack -> result).
-- ACCOUNTS: comma-separated logged-in simulated accounts; each request sends from one to the next.
local accounts = {}
for a in string.gmatch(os.getenv("ACCOUNTS") or "", "[^,]+") do accounts[#accounts + 1] = a end
local n = 0
request = function()
  n = n + 1
  local i = (n % #accounts) + 1
  local from, to = accounts[i], accounts[(i % #accounts) + 1]
  return wrk.format("POST", "/api/v1/accounts/" .. from .. "/messages?wait=10",
    { ["Content-Type"] = "application/json" },
    '{"type":"text","to":"' .. to .. '","text":"bench ' .. n .. '"}')
end
