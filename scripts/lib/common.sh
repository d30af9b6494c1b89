# shellcheck shell=bash
# Shared helpers for scripts/run and scripts/test: messages, packages,
# building, configuration look-ups, ports and waiting.  Source it; it sets
# ZF_REPO to the checkout's root.

ZF_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
export ZF_REPO

# Debian packages the project needs to build, run and test.
ZF_PACKAGES=(build-essential meson ninja-build pkg-config libfcgi-dev
	spawn-fcgi nginx-light mariadb-server mariadb-client libmariadb-dev
	libcjson-dev libssl-dev libcurl4-openssl-dev libmagic-dev libcmocka-dev
	python3-pytest python3-requests wrk clang libclang-rt-14-dev systemd
	file curl openssl jq libsodium-dev libgd-dev fonts-dejavu-core
	prometheus logrotate chromium chromium-driver python3-selenium
	fonts-wqy-microhei)

zf_say() { printf '%s: %s\n' "${ZF_PROG:-zufang}" "$*" >&2; }
zf_die() {
	zf_say "error: $*"
	exit 1
}

# Run a command as root: directly when we are root, else through sudo.
zf_as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# Install the packages of ZF_PACKAGES that are missing (and shellcheck when
# ZF_WANT_SHELLCHECK=1, if the archive has it).  Nothing happens when all
# are there.
zf_ensure_packages() {
	local p missing=()
	local want=("${ZF_PACKAGES[@]}")

	for p in "${want[@]}"; do
		if ! dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null |
			grep -q '^ii'; then
			missing+=("$p")
		fi
	done
	if [ "${#missing[@]}" -eq 0 ]; then
		return 0
	fi
	zf_say "installing missing packages: ${missing[*]}"
	zf_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
		zf_die "apt-get update failed"
	zf_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" ||
		zf_die "apt-get install failed"
}

# Configure and build one build folder: zf_build DIR [meson options].
# An existing folder keeps its configuration, with the options applied.
zf_build() {
	local dir=$1
	shift
	if [ ! -f "$ZF_REPO/$dir/build.ninja" ]; then
		meson setup "$ZF_REPO/$dir" "$ZF_REPO" "$@" || return 1
	elif [ $# -gt 0 ]; then
		meson configure "$ZF_REPO/$dir" "$@" || return 1
	fi
	ninja -C "$ZF_REPO/$dir"
}

# The effective value of a configuration key (file, environment, derived
# defaults), as the binaries see it.
zf_cfg() {
	"$ZF_REPO/build/zufang-admin" config "$1"
}

# Make a path absolute (relative to the current directory).
zf_abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd -P)" "$1" ;;
	esac
}

# Print a TCP port on 127.0.0.1 that is free right now.
zf_free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Wait until something accepts TCP connections on HOST:PORT: zf_wait_tcp
# HOST PORT SECONDS [PID].  With PID, give up early when that process died.
zf_wait_tcp() {
	local host=$1 port=$2 secs=$3 pid=${4:-} i
	for ((i = 0; i < secs * 10; i++)); do
		if zf_port_busy "$host" "$port"; then
			return 0
		fi
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			return 1
		fi
		sleep 0.1
	done
	return 1
}

# True when something accepts TCP connections on HOST:PORT now.
zf_port_busy() {
	(exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Wait until URL answers 200: zf_wait_http URL SECONDS.
zf_wait_http() {
	local url=$1 secs=$2 i
	for ((i = 0; i < secs * 10; i++)); do
		if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# Wait for a child process to end, sending SIGKILL after SECONDS:
# zf_reap PID SECONDS.
zf_reap() {
	local pid=$1 secs=$2 i
	for ((i = 0; i < secs * 10; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null || true
			return 0
		fi
		sleep 0.1
	done
	zf_say "process $pid did not stop in ${secs}s: killing it"
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# Check a value that goes into a generated configuration file: no spaces,
# quotes, semicolons or braces.
zf_check_token() {
	case $2 in
	'' | *[!A-Za-z0-9._/:@+=,\[\]-]*)
		zf_die "$1: unsupported characters in '$2'"
		;;
	esac
}
