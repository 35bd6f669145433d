-- API POSTs of one response as JSON (wrk -s api.lua URL -- PATH [TOKEN]): every request the same
-- body, with ``Authorization: Bearer TOKEN`` when a token is given. The API stores every POST
-- (it has no nonce), so each answered request is a new row.
local path, body, headers

function init(args)
  path = args[1]
  headers = {["Content-Type"] = "application/json"}
  if args[2] then headers["Authorization"] = "Bearer " .. args[2] end
  body = '{"answers": {"U1": 2, "U2": 3, "U3": 4, "U4": 1, "U5": 2, "U6": 3, "U7": 4, "U8": 1, "U9": 2}}'
end

function request()
  return wrk.format("POST", path, headers, body)
end

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
