#!/usr/bin/env bash
# Cross-checks lib/alipay's RSA2 with the openssl command line on keys made
# here and thrown away (no key is ever committed): openssl's signatures
# verify with our code, ours are byte-identical to openssl's and verify
# with openssl, every supported key form loads and signs identically, and
# wrong keys, tampered messages and unsupported keys fail.
#
# Usage: alipay-openssl.sh PATH-TO-alipay_tool
set -euo pipefail
tool=$(realpath "$1")
command -v openssl >/dev/null || { echo 'openssl not found'; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/alipay-openssl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
umask 077
fails=0
pass() { echo "ok    $1"; }
fail() { echo "FAIL  $1"; fails=$((fails + 1)); }
# expect NAME STATUS COMMAND...: the command must exit with STATUS.
expect() {
	local name=$1 want=$2 got=0
	shift 2
	"$@" >out.txt 2>err.txt || got=$?
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name (exit $got, wanted $want: $(head -c 300 err.txt))"
	fi
}

# Keys: PKCS#1 and PKCS#8 PEM, PKCS#8 under an RSA PRIVATE KEY label,
# PKCS#1 under a PRIVATE KEY label, bare base64 of both DER forms (one
# line, and folded), and the public key in four forms.
openssl genrsa -out gen.pem 2048 2>/dev/null
openssl rsa -in gen.pem -traditional -out pkcs1.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in pkcs1.pem -out pkcs8.pem
grep -q 'BEGIN RSA PRIVATE KEY' pkcs1.pem || fail 'pkcs1.pem is PKCS#1'
grep -q 'BEGIN PRIVATE KEY' pkcs8.pem || fail 'pkcs8.pem is PKCS#8'
sed 's/PRIVATE KEY/RSA PRIVATE KEY/' pkcs8.pem >pkcs8-mislabelled.pem
sed 's/RSA PRIVATE KEY/PRIVATE KEY/' pkcs1.pem >pkcs1-mislabelled.pem
openssl rsa -in pkcs1.pem -traditional -outform DER 2>/dev/null |
	base64 -w0 >pkcs1.b64
openssl pkcs8 -topk8 -nocrypt -in pkcs1.pem -outform DER | base64 -w0 \
	>pkcs8.b64
openssl pkcs8 -topk8 -nocrypt -in pkcs1.pem -outform DER | base64 |
	sed 's/$/\r/' >pkcs8-folded.b64
{ printf '  \n'; grep -v -- ----- pkcs1.pem | tr -d '\n'; printf '\n\n'; } \
	>pkcs1-padded.b64
{ printf 'Bag Attributes: none\n'; cat pkcs8.pem; } >pkcs8-preamble.pem
openssl rsa -in pkcs1.pem -pubout -out pub.pem 2>/dev/null
openssl rsa -in pkcs1.pem -RSAPublicKey_out -out rsapub.pem 2>/dev/null
openssl rsa -in pkcs1.pem -pubout -outform DER 2>/dev/null | base64 -w0 \
	>pub.b64
openssl rsa -in pkcs1.pem -RSAPublicKey_out -outform DER 2>/dev/null |
	base64 >rsapub.b64
chmod 644 pub.pem rsapub.pem pub.b64 rsapub.b64

# A second key pair, for signatures that must not verify.
openssl genrsa -out other.pem 2048 2>/dev/null
openssl rsa -in other.pem -pubout -out other-pub.pem 2>/dev/null

# A request's sign string with UTF-8, '=', '&' and spaces in values.
printf '%s' 'app_id=2021000000000000&biz_content={"out_trade_no":"T1&a=b","subject":"整租 两室一厅 ￥","total_amount":"0.01"}&charset=utf-8&method=alipay.trade.wap.pay&sign_type=RSA2&timestamp=2024-01-01 12:00:00&version=1.0' >msg
printf '%s' 'app_id=2021000000000001&biz_content={}' >tampered

openssl dgst -sha256 -sign pkcs1.pem -out sig.bin msg
want=$(base64 -w0 sig.bin)
[ "${#want}" = 344 ] || fail "openssl signature is 344 base64 characters"
openssl dgst -sha256 -sign other.pem -out other-sig.bin msg
other=$(base64 -w0 other-sig.bin)

# openssl's signature verifies with every form of the public key.
for pub in pub.pem rsapub.pem pub.b64 rsapub.b64; do
	expect "openssl signature verifies with $pub" 0 \
		"$tool" verify "$pub" msg "$want"
done
expect 'openssl signature over another message fails' 1 \
	"$tool" verify pub.pem tampered "$want"
expect "another key's signature fails" 1 "$tool" verify pub.pem msg "$other"
expect 'our verify refuses base64 garbage' 1 \
	"$tool" verify pub.pem msg 'not*base64'
expect 'our verify refuses a truncated signature' 1 \
	"$tool" verify pub.pem msg "${want:0:340}"

# Every private key form loads and signs exactly like openssl.
for key in gen.pem pkcs1.pem pkcs8.pem pkcs8-mislabelled.pem \
	pkcs1-mislabelled.pem pkcs1.b64 pkcs8.b64 pkcs8-folded.b64 \
	pkcs1-padded.b64 pkcs8-preamble.pem; do
	got=$("$tool" sign "$key" msg 2>err.txt) || got="error: $(cat err.txt)"
	if [ "$got" = "$want" ]; then
		pass "$key signs like openssl dgst -sha256 -sign"
	else
		fail "$key signs like openssl dgst -sha256 -sign ($got)"
	fi
done

# Our signature verifies with openssl, and not with another key.
"$tool" sign pkcs8.b64 msg | base64 -d >ours.bin
expect 'our signature verifies with openssl dgst -verify' 0 \
	openssl dgst -sha256 -verify pub.pem -signature ours.bin msg
expect 'our signature fails openssl with another key' 1 \
	openssl dgst -sha256 -verify other-pub.pem -signature ours.bin msg

# Keys that must be refused, with a reason and without key material.
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:secret -in pkcs1.pem \
	-out encrypted.pem
openssl rsa -in pkcs1.pem -traditional -aes256 -passout pass:secret \
	-out encrypted-pkcs1.pem 2>/dev/null
openssl genrsa -out small.pem 1024 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem
printf 'bm90IGEga2V5\n' >garbage.b64
printf -- '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n' >unterminated.pem
cp pkcs1.pem readable.pem
chmod 644 readable.pem
cp pub.pem pub-as-private.pem
chmod 600 pub-as-private.pem
refuse() {
	local file=$1 kind=$2 reason=$3
	expect "$file is refused" 2 "$tool" "load-$kind" "$file"
	if grep -q "$reason" err.txt; then
		pass "$file: the reason says '$reason'"
	else
		fail "$file: the reason says '$reason' ($(cat err.txt))"
	fi
	if grep -q 'MII' err.txt; then
		fail "$file: the message shows key material"
	fi
}
refuse encrypted.pem private 'encrypted'
refuse encrypted-pkcs1.pem private 'PEM headers'
refuse small.pem private '1024 bits'
refuse ec.pem private 'not an RSA key'
refuse garbage.b64 private 'not a PKCS#1 or PKCS#8'
refuse unterminated.pem private 'no END line'
refuse readable.pem private 'readable by others'
refuse pub-as-private.pem private 'not RSA PRIVATE KEY or PRIVATE KEY'
refuse pkcs1.pem public 'not PUBLIC KEY or RSA PUBLIC KEY'
refuse pkcs1.b64 public 'not a SubjectPublicKeyInfo'
expect 'a public key file may be readable by others' 0 \
	"$tool" load-public pub.pem

if [ "$fails" -gt 0 ]; then
	echo "$fails failed"
	exit 1
fi
echo 'all passed'
