-- wrk script for scripts/bench-ihome: the iHome surface (ihome.md).
--
-- ZF_IHOME_MODE   search (default), session, login or ping
-- ZF_IHOME_AREAS  search: county codes, comma-separated (required)
-- ZF_IHOME_SORT   search: sk (default price-inc)
-- ZF_IHOME_PAGES  search: the highest page asked, pages 1..P (default 1)
-- ZF_IHOME_COOKIE session: the Cookie header of a logged-in client
-- ZF_IHOME_MOBILE login: first mobile number and ZF_IHOME_USERS how many,
--                 ZF_IHOME_PASSWORD their password
-- ZF_IHOME_SEED   seed (default 1; each thread adds its id)
--
-- Searches: a county of the list, check-in 0 to 89 days from today (the
-- client sends China dates; the script takes today from ZF_IHOME_TODAY,
-- days since 1970-01-01, given by the caller), 1 to 7 nights.
-- done() prints one line:
--   ZF_RESULT requests=N rps=R p50_ms=A p90_ms=B p99_ms=C bad=K empty=E
-- where bad counts answers that are not errno "0" and empty searches with
-- no house.

local paths = {}
local n = 0
local threads = {}
thread_id = 0
bad = 0
empty = 0
local mode, body, headers

function setup(thread)
	thread:set("thread_id", #threads)
	table.insert(threads, thread)
end

local function date(days)
	return os.date("!%Y-%m-%d", days * 86400)
end

function init(args)
	mode = os.getenv("ZF_IHOME_MODE") or "search"
	local seed = tonumber(os.getenv("ZF_IHOME_SEED") or "1")
	math.randomseed(seed * 1000 + (thread_id or 0))
	headers = {}
	if mode == "search" then
		local areas = {}
		for a in (os.getenv("ZF_IHOME_AREAS") or ""):gmatch("%d+") do
			table.insert(areas, a)
		end
		assert(#areas > 0, "ZF_IHOME_AREAS is empty")
		local today = tonumber(os.getenv("ZF_IHOME_TODAY"))
		local sk = os.getenv("ZF_IHOME_SORT") or "price-inc"
		local pages = tonumber(os.getenv("ZF_IHOME_PAGES") or "1")
		for i = 1, 4000 do
			local sd = today + math.random(0, 89)
			local ed = sd + math.random(1, 7)
			paths[i] = string.format(
				"/api/v1.0/houses?aid=%s&sd=%s&ed=%s&sk=%s&p=%d",
				areas[math.random(#areas)], date(sd), date(ed), sk,
				math.random(1, pages))
		end
	elseif mode == "session" then
		paths[1] = "/api/v1.0/session"
		headers["Cookie"] = os.getenv("ZF_IHOME_COOKIE")
	elseif mode == "login" then
		local first = tonumber(os.getenv("ZF_IHOME_MOBILE"))
		local users = tonumber(os.getenv("ZF_IHOME_USERS"))
		local pw = os.getenv("ZF_IHOME_PASSWORD")
		local csrf = "0123456789abcdef0123456789abcdef"
		headers["Cookie"] = "csrf_token=" .. csrf
		headers["X-CSRFToken"] = csrf
		headers["Content-Type"] = "application/json"
		body = {}
		for i = 1, 1000 do
			body[i] = string.format(
				'{"mobile":"%d","password":"%s"}',
				first + math.random(0, users - 1), pw)
		end
		paths[1] = "/api/v1.0/session"
	else
		paths[1] = "/ping"
	end
end

function request()
	if mode == "login" then
		n = n % #body + 1
		return wrk.format("POST", paths[1], headers, body[n])
	end
	n = n % #paths + 1
	return wrk.format("GET", paths[n], headers)
end

function response(status, hdrs, b)
	if mode == "ping" then
		if status ~= 200 or not b:find('"status":0', 1, true) then
			bad = bad + 1
		end
	elseif status ~= 200 or not b:find('"errno":"0"', 1, true) then
		bad = bad + 1
	elseif mode == "search" and b:find('"houses":[]', 1, true) then
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
