-- Form POSTs with a fresh 22-character nonce each (wrk -s post.lua URL -- PATH PREFIX [COOKIE CSRF]):
-- PREFIX (2 characters), the thread (4 digits) and a counter (16 digits).
-- PREFIX keeps the nonces of separate runs on one database apart; COOKIE and CSRF
-- are one resident's visit cookie and token, shared by every connection (the server keeps no state
-- per visit, so this costs it what 50 separate residents would).
local threads = {}
local counter = 0
local path, body_start, headers

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  path = args[1]
  headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  if args[3] then headers["Cookie"] = args[3] end
  body_start = "U1=2&U2=3&U3=4&U4=1&U5=2&U6=3&U7=4&U8=1&U9=2"
  if args[4] then body_start = body_start .. "&csrf_token=" .. args[4] end
  body_start = body_start .. "&nonce=" .. args[2] .. string.format("%04d", tid)
end

function request()
  counter = counter + 1
  return wrk.format("POST", path, headers, body_start .. string.format("%016d", counter))
end

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
