-- wrk script for `bench load`: each request is POST /search with one query photo as multipart/form-data,
-- rotating through the photos listed in a file, so the server decodes and embeds a different image each time.
-- Usage: wrk ... -s search.lua URL -- PHOTO-LIST K
-- done() prints one machine-readable line (counts and latency percentiles in microseconds) that LoadBench parses;
-- wrk's own report (with --latency) goes to the same output for people.

local boundary = "loupe-load-7d1f0c2a9e"
local bodies = {}
local next_body = 1
local threads = {}
local counter = 0

-- setup() runs in the main Lua state, once per wrk thread: give each thread an id (so they start at different
-- photos) and keep the threads to collect their non-200 counts in done().
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local function multipart(path, k)
  local file = assert(io.open(path, "rb"))
  local bytes = file:read("*a")
  file:close()
  return "--" .. boundary .. "\r\n"
      .. "Content-Disposition: form-data; name=\"k\"\r\n\r\n" .. k .. "\r\n"
      .. "--" .. boundary .. "\r\n"
      .. "Content-Disposition: form-data; name=\"image\"; filename=\"query.jpg\"\r\n"
      .. "Content-Type: image/jpeg\r\n\r\n" .. bytes .. "\r\n"
      .. "--" .. boundary .. "--\r\n"
end

-- init() runs in each thread's own Lua state: the bodies are built once here, not per request.
function init(args)
  local list, k = args[1], args[2] or "10"
  for path in io.lines(list) do
    if path ~= "" then table.insert(bodies, multipart(path, k)) end
  end
  assert(#bodies > 0, "no photos listed in " .. tostring(list))
  next_body = ((id or 1) - 1) % #bodies + 1
  non200 = 0
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/search",
      {["Content-Type"] = "multipart/form-data; boundary=" .. boundary}, body)
end

-- wrk counts only statuses above 399 as errors; anything but 200 is one for a search.
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("non200") or 0) end
  local e = summary.errors
  io.write(string.format(
      "loupe-load requests=%d duration_us=%d non200=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
      summary.requests, summary.duration, bad, e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(99)))
end
