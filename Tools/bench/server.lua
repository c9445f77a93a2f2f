-- wrk script for Tools/bench/server.sh: POST Alertmanager webhooks of 5 alerts, every alert distinct
-- (thread id + counter in the fingerprint), so each request really appends 5 signals. OPX_BENCH_RUN (a number)
-- keeps the warm-up's alerts apart from the measured run's.
-- OPX_BENCH_ROUTE=streams posts the same 5 signals as `signal.ingested` events to POST /v1/streams/signals-bench-<thread>
-- instead: the server and log without the adapter and correlation.
local route = os.getenv("OPX_BENCH_ROUTE") or "ingest"
local threads = {}
local counter = 0
-- `id` is the global each thread gets from setup() (thread:set); a file-level `local id` would shadow it and give
-- every thread the same alerts (then half the requests were idempotent repeats).
local run = tonumber(os.getenv("OPX_BENCH_RUN") or "0")
-- OPX_BENCH_STARTS=now gives each alert its own start time in the current second (as alerts firing live have), instead
-- of one fixed start for all: ingest's event ids sort by the alert's start, so with one fixed start every signal's id
-- lands on a random page of the log's id index.
local startsNow = os.getenv("OPX_BENCH_STARTS") == "now"

local function startsAt(alert)
    if not startsNow then return "2026-11-24T06:00:00Z" end
    return os.date("!%Y-%m-%dT%H:%M:%S", os.time()) .. string.format(".%06dZ", ((counter * 2 + id % 2) * 5 + alert) % 1000000)
end

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

function init(args)
    id = id + 10 * run
    wrk.method = "POST"
    wrk.path = route == "streams" and string.format("/v1/streams/signals-bench-%d", id) or "/v1/ingest/alertmanager"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("OPX_TOKEN")
end

function request()
    counter = counter + 1
    if route == "streams" then
        local events = {}
        for a = 0, 4 do
            events[#events + 1] = string.format(
                '{"type":"signal.ingested","data":{"signalId":"00000000-0000-4%03d-8000-%012d","source":"bench","fingerprint":"t%02dr%08da%d",'
                .. '"status":"firing","name":"Load%d","service":"svc%d","severity":"SEV3","startsAt":"2026-11-24T06:00:00Z"}}',
                id, counter * 5 + a, id, counter, a, a, counter % 20)
        end
        return wrk.format(nil, nil, nil, '{"events":[' .. table.concat(events, ",") .. ']}')
    end
    local alerts = {}
    for a = 0, 4 do
        alerts[#alerts + 1] = string.format(
            '{"status":"firing","labels":{"alertname":"Load%d","service":"svc%d","severity":"warning","instance":"t%d-%d"},'
            .. '"annotations":{"summary":"load benchmark alert"},"startsAt":"%s",'
            .. '"fingerprint":"t%02dr%08da%d"}', a, counter % 20, id, counter, startsAt(a), id, counter, a)
    end
    local body = '{"version":"4","status":"firing","receiver":"opx","groupKey":"{}:{}","alerts":[' .. table.concat(alerts, ",") .. ']}'
    return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
    local non2xx = summary.errors.status
    io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), non2xx,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
