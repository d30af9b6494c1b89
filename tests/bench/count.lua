-- wrk script: count answers by HTTP status and envelope status, print them
-- at the end.  Used by scripts/bench for the failure drills.
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	ok, s5, other, non200 = 0, 0, 0, 0
	local token = os.getenv("ZF_BENCH_TOKEN")
	if token then
		wrk.headers["token"] = token
	end
end

function response(status, headers, body)
	if status ~= 200 then
		non200 = non200 + 1
	elseif body:find('"status":0,', 1, true) then
		ok = ok + 1
	elseif body:find('"status":5,', 1, true) then
		s5 = s5 + 1
	else
		other = other + 1
	end
end

function done(summary, latency, requests)
	local t = { ok = 0, s5 = 0, other = 0, non200 = 0 }
	for _, th in ipairs(threads) do
		for k, _ in pairs(t) do
			t[k] = t[k] + th:get(k)
		end
	end
	local e = summary.errors
	io.write(string.format(
		"answers: status0=%d status5=%d other=%d non200=%d " ..
		"socket-errors=%d\n", t.ok, t.s5, t.other, t.non200,
		e.connect + e.read + e.write + e.timeout))
end
