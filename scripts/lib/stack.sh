# shellcheck shell=bash
# The FastCGI workers and the fake WeChat, and stopping what was started.
#
#   zf_workers_start SOCKET OUT [VAR=VALUE...]   ZF_WORKERS_PID
#   zf_wechat_start PORT APPID SECRET_FILE LOG   ZF_WECHAT_PID
#   zf_alipay_keys DIR                           fresh keys for the fake
#   zf_alipay_start PORT APPID SELLER DIR LOG    ZF_ALIPAY_PID
#   zf_stop PID SIGNAL SECONDS                   signal, wait, then KILL
#
# The fakes listen on 127.0.0.1, or on ZF_FAKE_HOST (scripts/cluster: the
# bridge, which the worker hosts' namespaces reach).
#   zf_tail FILE...                              last lines of logs, to stderr

# Start the master (which forks and supervises the workers) on a fresh
# socket, with extra environment variables.  OUT receives its stdout and
# stderr ("-": inherit).  Fails when the socket does not appear.
zf_workers_start() {
	local socket=$1 out=$2 i
	shift 2
	rm -f "$socket"
	mkdir -p "$(dirname "$socket")"
	if [ "$out" = - ]; then
		setsid env "$@" spawn-fcgi -n -s "$socket" -M 0660 -- \
			"$ZF_REPO/build/zufang-fcgi" </dev/null &
	else
		setsid env "$@" spawn-fcgi -n -s "$socket" -M 0660 -- \
			"$ZF_REPO/build/zufang-fcgi" </dev/null >>"$out" 2>&1 &
	fi
	ZF_WORKERS_PID=$!
	for ((i = 0; i < 100; i++)); do
		if [ -S "$socket" ]; then
			return 0
		fi
		if ! kill -0 "$ZF_WORKERS_PID" 2>/dev/null; then
			break
		fi
		sleep 0.1
	done
	zf_say "the workers did not open $socket"
	return 1
}

# The fake WeChat server (tests/fakes/wechat.py) on 127.0.0.1:PORT.
zf_wechat_start() {
	local port=$1 appid=$2 secret=$3 log=$4
	local host=${ZF_FAKE_HOST:-127.0.0.1}
	setsid /usr/bin/python3 "$ZF_REPO/tests/fakes/wechat.py" --port "$port" \
		--host "$host" --appid "$appid" --secret-file "$secret" \
		</dev/null >>"$log" 2>&1 &
	ZF_WECHAT_PID=$!
	if ! zf_wait_tcp "$host" "$port" 20 "$ZF_WECHAT_PID"; then
		zf_say "the fake WeChat did not listen on port $port (log: $log)"
		return 1
	fi
}

# The fake SMS provider (tests/fakes/sms.py, Aliyun SendSms) on
# 127.0.0.1:PORT for access key ID with the secret in SECRET_FILE.
zf_sms_start() {
	local port=$1 keyid=$2 secret=$3 log=$4
	local host=${ZF_FAKE_HOST:-127.0.0.1}
	setsid /usr/bin/python3 "$ZF_REPO/tests/fakes/sms.py" --port "$port" \
		--host "$host" --access-key-id "$keyid" --secret-file "$secret" \
		</dev/null >>"$log" 2>&1 &
	ZF_SMS_PID=$!
	if ! zf_wait_tcp "$host" "$port" 20 "$ZF_SMS_PID"; then
		zf_say "the fake SMS provider did not listen on port $port (log: $log)"
		return 1
	fi
}

# Fresh keys for the fake Alipay in DIR (made once, mode 0600): our app's
# key pair and the fake Alipay's, its public key also as the bare base64
# the Alipay console shows (alipay_public_key.txt).
zf_alipay_keys() {
	local dir=$1
	if [ -s "$dir/app_private_key.pem" ] &&
		[ -s "$dir/alipay_public_key.txt" ]; then
		return 0
	fi
	mkdir -p "$dir"
	chmod 700 "$dir"
	(umask 077 && /usr/bin/python3 "$ZF_REPO/tests/fakes/alipay.py" \
		--gen-keys "$dir" >/dev/null) || {
		zf_say "cannot make keys for the fake Alipay in $dir"
		return 1
	}
	chmod 600 "$dir"/*
}

# The fake Alipay gateway (tests/fakes/alipay.py) on 127.0.0.1:PORT with
# the keys of zf_alipay_keys DIR.
zf_alipay_start() {
	local port=$1 appid=$2 seller=$3 dir=$4 log=$5
	local host=${ZF_FAKE_HOST:-127.0.0.1}
	setsid /usr/bin/python3 "$ZF_REPO/tests/fakes/alipay.py" --port "$port" \
		--host "$host" --app-id "$appid" --seller-id "$seller" \
		--app-public-key "$dir/app_public_key.pem" \
		--private-key "$dir/alipay_private_key.pem" \
		</dev/null >>"$log" 2>&1 &
	ZF_ALIPAY_PID=$!
	if ! zf_wait_tcp "$host" "$port" 20 "$ZF_ALIPAY_PID"; then
		zf_say "the fake Alipay did not listen on port $port (log: $log)"
		return 1
	fi
}

zf_stop() {
	local pid=$1 sig=$2 secs=$3
	if [ -z "$pid" ]; then
		return 0
	fi
	# Its whole process group (each part is started by setsid): what
	# it forked goes too, even when it died first.
	kill "-$sig" -- "-$pid" 2>/dev/null || kill "-$sig" "$pid" 2>/dev/null ||
		true
	zf_reap "$pid" "$secs"
}

zf_tail() {
	local f
	for f in "$@"; do
		if [ -s "$f" ]; then
			printf '\n===== %s (last 40 lines) =====\n' "$f" >&2
			tail -n 40 "$f" >&2
		fi
	done
}
