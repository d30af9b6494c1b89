-- wrk script for scripts/bench-search: /search_house with a realistic mix
-- of queries around the hot cities of scripts/gen-listings.
--
-- ZF_SEARCH_RADIUS   radius of every query in km (default 5)
-- ZF_SEARCH_VARIANTS which of the six variants to cycle through, e.g.
--                    "123456" (default) or "1": 1 no filter by distance,
--                    2 no filter by rent, 3 no filter newest first, 4-6 the
--                    same with three filters (rent interval, whole flats,
--                    1 or 2 bedrooms)
-- ZF_SEARCH_SEED     seed of the points (default 1; each thread adds its id)
--
-- Points are drawn around the city centres (normal, 5 km), cities weighted
-- like the data set.  done() prints one line:
--   ZF_RESULT requests=N rps=R p50_ms=A p90_ms=B p99_ms=C bad=K empty=E
-- where bad counts answers without status 0 and empty answers with no
-- listing.

local cities = {
	-- longitude, latitude, weight, typical rent (as gen-listings)
	{116.4074, 39.9042, 14, 7000}, {117.2010, 39.0842, 5, 3000},
	{114.5149, 38.0428, 3, 2000}, {121.6147, 38.9140, 3, 2400},
	{125.3235, 43.8171, 3, 1800}, {121.4737, 31.2304, 14, 7000},
	{120.1551, 30.2741, 7, 4200}, {113.6254, 34.7466, 4, 2200},
	{114.3055, 30.5928, 6, 2800}, {112.9388, 28.2282, 4, 2400},
	{113.2644, 23.1291, 10, 4500}, {114.0579, 22.5431, 11, 5800},
	{108.3669, 22.8170, 3, 1800}, {106.5516, 29.5630, 6, 2200},
	{104.0665, 30.5723, 8, 2800}, {102.8329, 24.8801, 3, 1900},
}

local paths = {}
local n = 0
local threads = {}
-- Globals, so that setup() and done() reach them through thread:set/get.
thread_id = 0
bad = 0
empty = 0

function setup(thread)
	thread:set("thread_id", #threads)
	table.insert(threads, thread)
end

local function gauss()
	local u1, u2 = math.random(), math.random()
	if u1 < 1e-12 then
		u1 = 1e-12
	end
	return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)
end

local function pick_city()
	local total = 0
	for _, c in ipairs(cities) do
		total = total + c[3]
	end
	local x = math.random() * total
	for _, c in ipairs(cities) do
		x = x - c[3]
		if x <= 0 then
			return c
		end
	end
	return cities[1]
end

function init(args)
	local radius = os.getenv("ZF_SEARCH_RADIUS") or "5"
	local variants = os.getenv("ZF_SEARCH_VARIANTS") or "123456"
	local seed = tonumber(os.getenv("ZF_SEARCH_SEED") or "1")
	math.randomseed(seed * 1000 + (thread_id or 0))
	local km = 6378.137 * math.pi / 180
	for i = 1, 2000 do
		local c = pick_city()
		local lat = c[2] + 5 * gauss() / km
		local lng = c[1] + 5 * gauss() / (km * math.cos(math.rad(lat)))
		local v = tonumber(variants:sub((i - 1) % #variants + 1,
			(i - 1) % #variants + 1))
		local sort = ({1, 4, 2})[(v - 1) % 3 + 1]
		local q = string.format(
			"/search_house?longitude=%.6f&latitude=%.6f&radius=%s&sort=%d",
			lng, lat, radius, sort)
		if v > 3 then
			local lo = math.floor(c[4] * 0.3 / 100) * 100
			local hi = math.floor(c[4] * 0.9 / 100) * 100
			q = q .. string.format(
				"&house_rent_fee=%%5B%d%%2C%%20%d%%5D" ..
				"&house_rent_room_type=1&house_rooms=1%%7C2", lo, hi)
		end
		paths[i] = q
	end
end

function request()
	n = n % #paths + 1
	return wrk.format("GET", paths[n])
end

function response(status, headers, body)
	if status ~= 200 or not body:find('"status":0,', 1, true) then
		bad = bad + 1
	elseif body:find('"ans":[]', 1, true) then
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
