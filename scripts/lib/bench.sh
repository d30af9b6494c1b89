# shellcheck shell=bash
# A throwaway stack for measurements (scripts/bench, scripts/bench-upload,
# scripts/bench-search): MariaDB, the fake WeChat, the workers and nginx on
# free ports in a temporary folder, and a logged-in user.
#
#   zf_bench_up PREFIX      bring it up; sets ZF_B_BASE, ZF_B_TOKEN,
#                           ZF_B_STATE, ZF_B_TMP, ZF_B_MASTER, ZF_B_WORKERS
#                           and installs an EXIT trap that tears it down
#   zf_bench_worker_pids    the workers' pids, one a line
#   zf_bench_login OPENID   a token for a new or known user
#
# ZF_BENCH_WORKERS overrides the configured worker count,
# ZF_BENCH_COUNT_CACHE the iHome ihome_count_cache.  Source
# common.sh, secrets.sh, mariadb.sh, nginx.sh and stack.sh first.

ZF_B_NGINX='' ZF_B_WORKERS_PID='' ZF_B_WECHAT=''

zf_bench_down() {
	set +e
	zf_nginx_stop "$ZF_B_NGINX"
	zf_stop "$ZF_B_WORKERS_PID" TERM 20
	zf_stop "$ZF_B_WECHAT" TERM 10
	zf_db_stop
	rm -rf "$ZF_B_TMP"
}

zf_bench_login() {
	local code
	code=$(curl -fsS -X POST "$ZF_B_WECHAT_URL/__fake__/code" \
		-d "{\"kind\":\"mini\",\"openid\":\"$1\"}" |
		/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
	curl -fsS "$ZF_B_BASE/wx_fetch_userinfo?js_code=$code" |
		/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["ans"]["token"])'
}

zf_bench_worker_pids() { pgrep -P "$ZF_B_MASTER" | sort; }

zf_bench_up() {
	local port wport socket media pwfile v
	while read -r v; do
		unset "$v"
	done < <(compgen -e | grep '^ZUFANG_' || true)
	ZF_B_TMP=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	ZF_B_STATE=$ZF_B_TMP/state
	trap zf_bench_down EXIT
	trap 'exit 130' INT TERM HUP

	zf_ensure_packages
	zf_build build >/dev/null

	port=$(zf_free_port)
	wport=$(zf_free_port)
	export ZUFANG_CONFIG=$ZF_REPO/zufang.conf ZUFANG_STATE_DIR=$ZF_B_STATE
	export ZUFANG_PORT=$port ZUFANG_MIGRATIONS_DIR=$ZF_REPO/migrations
	export ZUFANG_WECHAT_API_BASE=http://127.0.0.1:$wport
	export ZUFANG_WECHAT_APPID=wxbenchappid
	if [ -n "${ZF_BENCH_WORKERS:-}" ]; then
		export ZUFANG_WORKERS=$ZF_BENCH_WORKERS
	fi
	if [ -n "${ZF_BENCH_COUNT_CACHE:-}" ]; then
		export ZUFANG_IHOME_COUNT_CACHE=$ZF_BENCH_COUNT_CACHE
	fi
	socket=$(zf_cfg socket)
	media=$(zf_cfg media_dir)
	pwfile=$(zf_cfg db_password_file)
	# shellcheck disable=SC2034 # for the caller
	ZF_B_WORKERS=$(zf_cfg workers)
	mkdir -p "$ZF_B_STATE/run" "$ZF_B_STATE/log"
	zf_ensure_secrets "$pwfile" "$(zf_cfg data_key_file)"
	zf_secret_file "$(zf_cfg wechat_secret_file)" openssl rand -hex 16
	"$ZF_REPO/build/zufang-admin" check-config >/dev/null ||
		zf_die "the bench configuration has errors (above)"
	zf_db_configure "$ZF_B_STATE" "$(zf_cfg db_socket)"
	zf_db_start || zf_die "MariaDB did not start"
	zf_db_setup "$(zf_cfg db_name)" "$(zf_cfg db_user)" "$pwfile"
	"$ZF_REPO/build/zufang-admin" migrate >/dev/null
	zf_wechat_start "$wport" wxbenchappid "$(zf_cfg wechat_secret_file)" \
		"$ZF_B_STATE/log/wechat-fake.log"
	ZF_B_WECHAT=$ZF_WECHAT_PID
	ZF_B_WECHAT_URL=http://127.0.0.1:$wport
	zf_workers_start "$socket" "$ZF_B_STATE/log/workers.log"
	ZF_B_WORKERS_PID=${ZF_WORKERS_PID:?}
	mkdir -p "$ZF_B_STATE/nginx"
	zf_nginx_render_site "$ZF_B_STATE/nginx/zufang.conf" "$socket" "$media" \
		"127.0.0.1:$port" localhost "$ZF_B_STATE/log"
	zf_nginx_prefix "$ZF_B_STATE/nginx" "$ZF_B_STATE/log" \
		"$ZF_B_STATE/nginx/zufang.conf"
	zf_nginx_start "$ZF_B_STATE/nginx"
	ZF_B_NGINX=$ZF_NGINX_PID
	ZF_B_BASE=http://127.0.0.1:$port
	zf_wait_http "$ZF_B_BASE/ping" 30 || zf_die "the stack did not come up"
	# spawn-fcgi -n exec's the master, so it normally has our child's pid.
	ZF_B_MASTER=$ZF_B_WORKERS_PID
	if [ "$(cat "/proc/$ZF_B_MASTER/comm")" != zufang-fcgi ]; then
		ZF_B_MASTER=$(pgrep -P "$ZF_B_WORKERS_PID" -x zufang-fcgi)
	fi
	# shellcheck disable=SC2034 # for the caller
	ZF_B_TOKEN=$(zf_bench_login o_bench_user)
}
