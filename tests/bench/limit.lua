-- wrk script: stop after ZF_BENCH_REQUESTS answers in all (split between
-- the threads), for the memory run of scripts/bench.
local per_thread
local seen = 0

function init(args)
	local total = tonumber(os.getenv("ZF_BENCH_REQUESTS") or "200000")
	local nthreads = tonumber(os.getenv("ZF_BENCH_THREADS") or "2")
	per_thread = math.ceil(total / nthreads)
	local token = os.getenv("ZF_BENCH_TOKEN")
	if token then
		wrk.headers["token"] = token
	end
end

function response(status, headers, body)
	seen = seen + 1
	if seen >= per_thread then
		wrk.thread:stop()
	end
end
