-- The whole resident path, a new session per resident: GET the form (no cookie), POST it with
-- its CSRF token, nonce and visit cookie, check the thank-you page; then the next resident.
-- Run with one connection per thread (wrk -t N -c N) so that each thread's state is one
-- connection's: wrk -s resident.lua URL -- PATH
local threads = {}
local path, state, cookie, form
local answers = "U1=2&U2=3&U3=4&U4=1&U5=2&U6=3&U7=4&U8=1&U9=2"
completions, failures = 0, 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  path, state = args[1], "get"
end

function request()
  if state == "get" then
    return wrk.format("GET", path)
  end
  return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie}, form)
end

function response(status, headers, body)
  if state == "get" then
    local csrf = body:match('name="csrf_token" value="([^"]+)"')
    local nonce = body:match('name="nonce" value="([^"]+)"')
    local set_cookie = headers["Set-Cookie"]
    if status ~= 200 or not csrf or not nonce or not set_cookie then
      failures = failures + 1
      return
    end
    cookie = set_cookie:match("^([^;]+)")
    form = answers .. "&csrf_token=" .. csrf .. "&nonce=" .. nonce
    state = "post"
  else
    if status == 200 and body:find("Terima kasih", 1, true) then
      completions = completions + 1
    else
      failures = failures + 1
    end
    state = "get"
  end
end

function done(summary, latency, requests)
  local completed, failed = 0, 0
  for _, thread in ipairs(threads) do
    completed = completed + thread:get("completions")
    failed = failed + thread:get("failures")
  end
  io.write(string.format('{"requests": %d, "seconds": %.3f, "errors": %d, "non_2xx": %d, "p50_ms": %.1f, "p99_ms": %.1f, "completions": %d, "failures": %d}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000, completed, failed))
end
