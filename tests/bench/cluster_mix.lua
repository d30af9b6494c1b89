-- wrk script: the read and write mix of scripts/chaos and scripts/soak:
-- the read
-- routes of tests/bench/cluster_read.lua, and every fourth request a new
-- QSZ listing (POST /house_create with ZF_BENCH_TOKEN).  Counts failures
-- (not 200, or an envelope status other than 0 / errno other than "0")
-- and keeps the id of every listing acknowledged with status 0; done()
-- writes those ids to ZF_ACKED_FILE, one a line, and prints the counts.
local threads = {}
local reads = {
	"/fetch_userinfo",
	"/search_house?longitude=104.06&latitude=30.67&radius=5&count=10",
	"/api/v1.0/houses/index",
	"/api/houseinfos/?page=1",
	"/api/districts/510000/",
	"/api/v1.0/areas",
}
local form = "house_rent=2000&house_size=50&description_title=chaos" ..
	"&longitude=121.47&latitude=31.23"

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	n, failed, writes = 0, 0, 0
	acked = {}
	local token = os.getenv("ZF_BENCH_TOKEN")
	if token then
		wrk.headers["token"] = token
	end
	post_headers = { ["Content-Type"] = "application/x-www-form-urlencoded",
		["token"] = token }
end

-- ZF_PACE_MS: each connection waits that long before its next request
-- (scripts/soak's load below capacity); unset, as fast as answers come.
-- wrk waits whole milliseconds: a fraction is the share of the waits one
-- millisecond longer, so the mean is the given value.
local pace = tonumber(os.getenv("ZF_PACE_MS") or "")
if pace then
	local whole = math.floor(pace)
	local frac = pace - whole
	function delay()
		if math.random() < frac then
			return whole + 1
		end
		return whole
	end
end

function request()
	n = n + 1
	if n % 4 == 0 then
		return wrk.format("POST", "/house_create", post_headers, form)
	end
	return wrk.format("GET", reads[n % #reads + 1])
end

function response(status, headers, body)
	if status ~= 200 then
		failed = failed + 1
		return
	end
	local id = body:match('^{"status":0,.-"house_id":(%d+)')
	if id then
		writes = writes + 1
		acked[#acked + 1] = id
	elseif body:find('^{"status":[1-9]') or
		body:find('^{"errno":"[1-9]') then
		-- QSZ's and iHome's refusals; the directory's are not 200
		failed = failed + 1
	end
end

function done(summary, latency, requests)
	local f, t = nil, { failed = 0, writes = 0 }
	local path = os.getenv("ZF_ACKED_FILE")
	if path then
		f = io.open(path, "a")
	end
	for _, th in ipairs(threads) do
		t.failed = t.failed + th:get("failed")
		t.writes = t.writes + th:get("writes")
		if f then
			for _, id in ipairs(th:get("acked")) do
				f:write(id, "\n")
			end
		end
	end
	if f then
		f:close()
	end
	local e = summary.errors
	io.write(string.format("mix: requests=%d failed=%d acked_writes=%d " ..
		"socket_errors=%d\n", summary.requests, t.failed, t.writes,
		e.connect + e.read + e.write + e.timeout))
end
