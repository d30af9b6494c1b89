# shellcheck shell=bash
# Development secrets: generated on first start, never overwritten.

# Write a secret file with the output of a command, unless it exists:
# zf_secret_file PATH COMMAND...  The file is 0600 and its folder 0700 (when
# we create the folder).  An existing file readable by others is refused,
# as the binaries refuse it.
zf_secret_file() {
	local path=$1 dir tmp
	shift
	dir=$(dirname "$path")
	if [ ! -d "$dir" ]; then
		(umask 077 && mkdir -p "$dir")
	fi
	if [ -e "$path" ]; then
		if [ -n "$(find "$path" -maxdepth 0 -perm /004)" ]; then
			zf_die "$path is readable by others: chmod 600 it"
		fi
		return 0
	fi
	tmp=$(umask 077 && mktemp "$path.XXXXXX")
	if ! "$@" >"$tmp"; then
		rm -f "$tmp"
		zf_die "could not generate $path"
	fi
	chmod 600 "$tmp"
	mv -n "$tmp" "$path"
	rm -f "$tmp"
	zf_say "generated $path"
}

# The database password and the data key (64 hex characters: the AES-256
# key for fields encrypted at rest): zf_ensure_secrets DB_PASSWORD_FILE
# DATA_KEY_FILE.
zf_ensure_secrets() {
	zf_secret_file "$1" openssl rand -hex 24
	zf_secret_file "$2" openssl rand -hex 32
}
