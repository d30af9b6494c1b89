-- wrk script for scripts/bench-rental: the rental surface (rental.md).
--
-- ZF_RENTAL_MODE    bills (POST /bill/getbills {id, page, size}) or rooms
--                   (POST /build/house/{type}/1/{size}/{status} {id})
-- ZF_RENTAL_TARGETS "token:building:pages" triples, comma-separated: a
--                   landlord's token, one of its buildings, its bill pages
-- ZF_RENTAL_SIZE    page size (default 20 for bills, 10 for rooms)
-- ZF_RENTAL_SEED    seed (default 1; each thread adds its id)
--
-- done() prints one line:
--   ZF_RESULT requests=N rps=R p50_ms=A p90_ms=B p99_ms=C bad=K empty=E
-- where bad counts answers that are not 200 and empty the pages without
-- a row.

local reqs = {}
local n = 0
local threads = {}
thread_id = 0
bad = 0
empty = 0
local mode

function setup(thread)
	thread:set("thread_id", #threads)
	table.insert(threads, thread)
end

function init(args)
	mode = os.getenv("ZF_RENTAL_MODE") or "bills"
	local seed = tonumber(os.getenv("ZF_RENTAL_SEED") or "1")
	math.randomseed(seed * 1000 + (thread_id or 0))
	local size = tonumber(os.getenv("ZF_RENTAL_SIZE") or
		(mode == "bills" and "20" or "10"))
	local targets = {}
	for t in (os.getenv("ZF_RENTAL_TARGETS") or ""):gmatch("[^,]+") do
		local tok, b, pages = t:match("([^:]+):(%d+):(%d+)")
		table.insert(targets, {tok, b, tonumber(pages)})
	end
	assert(#targets > 0, "ZF_RENTAL_TARGETS is empty")
	for i = 1, 4000 do
		local t = targets[math.random(#targets)]
		local headers = {["Authorization"] = t[1],
			["Content-Type"] = "application/json"}
		if mode == "bills" then
			reqs[i] = wrk.format("POST", "/bill/getbills", headers,
				string.format('{"id":"%s","page":%d,"size":%d}', t[2],
					math.random(1, math.max(1, t[3])), size))
		else
			-- A unit type (floors repeat types 1-9) and a status.
			reqs[i] = wrk.format("POST", string.format(
				"/build/house/%d/1/%d/%d", math.random(1, 9), size,
				({0, 1, 2, 9})[math.random(4)]), headers,
				string.format('{"id":"%s"}', t[2]))
		end
	end
end

function request()
	n = n % #reqs + 1
	return reqs[n]
end

function response(status, hdrs, b)
	if status ~= 200 then
		bad = bad + 1
	elseif b:find('"data":[]', 1, true) then
		empty = empty + 1
	end
end

function done(summary, latency, requests)
	local b, e = 0, 0
	for _, t in ipairs(threads) do
		b = b + (t:get("bad") or 0)
		e = e + (t:get("empty") or 0)
	end
	local secs = summary.duration / 1e6
	io.write(string.format(
		"ZF_RESULT requests=%d rps=%.1f p50_ms=%.2f p90_ms=%.2f " ..
		"p99_ms=%.2f bad=%d empty=%d errors=%d\n",
		summary.requests, summary.requests / secs,
		latency:percentile(50) / 1000, latency:percentile(90) / 1000,
		latency:percentile(99) / 1000, b, e,
		summary.errors.connect + summary.errors.read +
		summary.errors.write + summary.errors.status +
		summary.errors.timeout))
end
