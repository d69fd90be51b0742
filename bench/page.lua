-- page.lua: wrk script for kintsugi's HTML pages, which are signed in by
-- cookie rather than bearer token. Prints one RESULT line in the same
-- format as the shared load protocol's bench.lua (latencies in ms).
--   BENCH_COOKIE = the session cookie, "kintsugi=<token>"
--   BENCH_LABEL  = free text echoed in the RESULT line
local cookie = os.getenv("BENCH_COOKIE") or ""
local label = os.getenv("BENCH_LABEL") or ""
if cookie ~= "" then wrk.headers["Cookie"] = cookie end

function done(summary, latency, requests)
  local s, e = summary.duration / 1e6, summary.errors
  io.write(string.format(
    'RESULT {"label":"%s","mode":"page","requests":%d,"duration_s":%.2f,"rps":%.1f,' ..
    '"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
    '"err_status":%d,"err_connect":%d,"err_read":%d,"err_write":%d,"err_timeout":%d}\n',
    label, summary.requests, s, summary.requests / s,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.status, e.connect, e.read, e.write, e.timeout))
end
