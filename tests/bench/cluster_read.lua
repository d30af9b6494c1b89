-- wrk script: the cluster's read mix (scripts/cluster bench), one route of
-- each surface in turn: QSZ's user (the token of ZF_BENCH_TOKEN) and
-- search, iHome's index and areas, the directory's listings and a
-- district.  Counts answers that are not 200 and prints them at the end.
local threads = {}
local paths = {
	"/fetch_userinfo",
	"/search_house?longitude=104.06&latitude=30.67&radius=5&count=10",
	"/api/v1.0/houses/index",
	"/api/v1.0/areas",
	"/api/houseinfos/?page=1",
	"/api/districts/510000/",
}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	i, bad = 0, 0
	local token = os.getenv("ZF_BENCH_TOKEN")
	if token then
		wrk.headers["token"] = token
	end
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end

function response(status, headers, body)
	if status ~= 200 then
		bad = bad + 1
	end
end

function done(summary, latency, requests)
	local n = 0
	for _, th in ipairs(threads) do
		n = n + th:get("bad")
	end
	io.write(string.format("not200=%d\n", n))
end
