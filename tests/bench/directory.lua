-- wrk script for scripts/bench-directory: the directory (directory.md).
--
-- ZF_DIR_MODE    list (default), district or ping
-- ZF_DIR_PAIRS   list: "city:type" pairs, comma-separated (required), the
--                filters dist and type; each request takes one at random
-- ZF_DIR_PRICE   list: "min:max", the min_price and max_price filters
-- ZF_DIR_PAGE    list: the page asked (default 1)
-- ZF_DIR_CODES   district: region codes, comma-separated (required)
-- ZF_DIR_SEED    seed (default 1; each thread adds its id)
--
-- done() prints one line:
--   ZF_RESULT requests=N rps=R p50_ms=A p90_ms=B p99_ms=C bad=K empty=E
-- where bad counts answers that are not 200 (a page past the last is a
-- 404) and empty the pages without results.

local paths = {}
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

local function list(name)
	local out = {}
	for v in (os.getenv(name) or ""):gmatch("[^,]+") do
		table.insert(out, v)
	end
	assert(#out > 0, name .. " is empty")
	return out
end

function init(args)
	mode = os.getenv("ZF_DIR_MODE") or "list"
	local seed = tonumber(os.getenv("ZF_DIR_SEED") or "1")
	math.randomseed(seed * 1000 + (thread_id or 0))
	if mode == "list" then
		local pairs_ = list("ZF_DIR_PAIRS")
		local lo, hi = (os.getenv("ZF_DIR_PRICE") or "0:1000000"):match(
			"(%d+):(%d+)")
		local page = tonumber(os.getenv("ZF_DIR_PAGE") or "1")
		for i = 1, 4000 do
			local city, typ = pairs_[math.random(#pairs_)]:match(
				"(%d+):(%d+)")
			paths[i] = string.format(
				"/api/houseinfos/?dist=%s&min_price=%s&max_price=%s" ..
				"&type=%s%s", city, lo, hi, typ,
				page > 1 and ("&page=" .. page) or "")
		end
	elseif mode == "district" then
		local codes = list("ZF_DIR_CODES")
		for i = 1, 4000 do
			paths[i] = "/api/districts/" .. codes[math.random(#codes)] .. "/"
		end
	else
		paths[1] = "/ping"
	end
end

function request()
	n = n % #paths + 1
	return wrk.format("GET", paths[n])
end

function response(status, hdrs, b)
	if status ~= 200 then
		bad = bad + 1
	elseif mode == "list" and b:find('"results":[]', 1, true) then
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
