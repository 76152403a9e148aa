#!/usr/bin/env bash
# PAdES B-T through the CLI, judged by an independent validator: a lab with a time-stamping
# authority (a throw-away OpenSSL TSA behind .ci/checks/tsa_server.py on 127.0.0.1) issues a
# certificate; pyHanko validates it with the lab certificate and the test TSA's root as trust
# anchors and must find it INTACT, TRUSTED, UNTOUCHED, with a valid signature timestamp.
set -euo pipefail
cd "$(dirname "$0")/../.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
fail() { echo "pades_bt: $*" >&2; exit 1; }
for tool in openssl python3; do
  command -v "$tool" >/dev/null || fail "$tool missing"
done
# pip may put the pyhanko script outside PATH (~/.local/bin); the module runs the same CLI.
if command -v pyhanko >/dev/null; then PYHANKO=(pyhanko)
elif python3 -c 'import pyhanko.cli' 2>/dev/null; then PYHANKO=(python3 -m pyhanko)
else fail "pyHanko's CLI missing (python3 -m pip install pyhanko-cli)"; fi
cargo build --locked --bin unilab >/dev/null
BIN="$PWD/target/debug/unilab"
WORK="$(mktemp -d)"
TSA_PID=
trap '[ -z "$TSA_PID" ] || kill "$TSA_PID" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
export UNILAB_DATA_DIR="$WORK/lab"
as() { local u=$1 p=$2; shift 2; UNILAB_USER=$u UNILAB_PASSWORD=$p "$BIN" "$@"; }

# The test TSA: a root, and a TSA certificate it issued (extendedKeyUsage critical timeStamping).
T="$WORK/tsa"; mkdir -p "$T"
( cd "$T"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
    -subj "/O=Unilab CI/CN=Unilab CI TSA Root" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout tsa.key -out tsa.csr \
    -subj "/O=Unilab CI/CN=Unilab CI TSA" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n' >ext.cnf
  openssl x509 -req -in tsa.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out tsa.crt \
    -days 365 -extfile ext.cnf 2>/dev/null
  echo 01 >tsaserial
  cat >ts.cnf <<CNF
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = $T
serial = \$dir/tsaserial
crypto_device = builtin
signer_cert = \$dir/tsa.crt
certs = \$dir/ca.crt
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
)
python3 .ci/checks/tsa_server.py "$T" "$T/port" &
TSA_PID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
[ -s "$T/port" ] || fail "the test TSA did not start"
TSA_URL="http://127.0.0.1:$(cat "$T/port")/tsr"

UNILAB_PASSWORD=adminpass "$BIN" init --lab-name "闽江产品质量检验研究院" --admin admin >/dev/null
as admin adminpass keys init >/dev/null
# Output is captured before grep reads it: `cmd | grep -q` can kill cmd with SIGPIPE, which
# pipefail turns into a failure.
SHOWN=$(as admin adminpass keys show)
grep -q "PAdES B-B" <<<"$SHOWN" || fail "keys show does not say B-B without a TSA: $SHOWN"
SET=$(as admin adminpass keys tsa --url "$TSA_URL")
grep -q "试用成功" <<<"$SET" || fail "keys tsa: the trial request failed: $SET"
SHOWN=$(as admin adminpass keys show)
grep -q "PAdES B-T.*$TSA_URL" <<<"$SHOWN" || fail "keys show does not say B-T with the TSA: $SHOWN"
for u in clerk:clerk tech:technician chk:technician rev:reviewer sig:signatory; do
  UNILAB_NEW_PASSWORD=secret1 as admin adminpass user add "${u%%:*}" --role "${u##*:}" --field '*' \
    --name "${u%%:*}-名" >/dev/null
done
as admin adminpass instrument add --id SB-001 --name "微机控制电液伺服万能试验机" --kind "万能材料试验机" \
  --model WAW-1000B --serial 2019-0317 --due "$(date -u -d '+365 days' +%F)" >/dev/null
for m in "GB/T 28900-2022" "GB 1499.2-2024（重量偏差测量）"; do
  as admin adminpass user authorise tech --method "$m" --reason "培训考核合格" >/dev/null
done
as clerk secret1 enterprise add --name "福州钢铁有限公司" --credit-code 91350100M000100Y43 >/dev/null
ORDER=$(as clerk secret1 order new --standard "GB 1499.2-2024" --grade HRB400E --spec d14-20 \
  --type commissioned --client 91350100M000100Y43 --producer 91350100M000100Y43 \
  --sample "热轧带肋钢筋" --items ReL,Rm,W | tail -1)
as clerk secret1 order receive "$ORDER" >/dev/null
BENCH=(--instrument SB-001 --temperature 22 --humidity 55)
as tech secret1 result set "$ORDER" ReL 445 450 "${BENCH[@]}" >/dev/null
as tech secret1 result set "$ORDER" Rm 615 620 "${BENCH[@]}" >/dev/null
as tech secret1 result set "$ORDER" W -2.1 >/dev/null
as chk secret1 order check "$ORDER" >/dev/null
as tech secret1 order submit "$ORDER" >/dev/null
as rev secret1 order review "$ORDER" --accept >/dev/null
as sig secret1 order approve "$ORDER" >/dev/null
PDF="$WORK/cert-bt.pdf"
REPORT=$(as sig secret1 cert issue "$ORDER" --out "$PDF" | tail -1)
[ -s "$PDF" ] || fail "no PDF written"
VERIFIED=$(as sig secret1 verify "$PDF") || fail "unilab verify rejects the B-T certificate: $VERIFIED"
grep -q "签名时间戳.*Unilab CI TSA" <<<"$VERIFIED" || fail "unilab verify does not report the timestamp: $VERIFIED"

# The lab and the test TSA are the only trust anchors (no OS store); there is no revocation
# information to fetch for throw-away certificates. The one-line judgement reads e.g.
# Signature1:<sha256>:INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,UNTOUCHED
TRUST=(--no-revocation-check --trust-replace --trust "$UNILAB_DATA_DIR/keys/lab-cert.pem" --trust "$T/ca.crt")
OUT=$("${PYHANKO[@]}" sign validate "${TRUST[@]}" "$PDF" 2>&1) || {
  echo "$OUT" >&2; fail "pyHanko does not accept the B-T certificate"; }
JUDGED=$(grep '^Signature1:' <<<"$OUT") || { echo "$OUT" >&2; fail "pyHanko printed no judgement"; }
for want in ":INTACT:" "TRUSTED" "UNTOUCHED" "TIMESTAMP_TOKEN<INTACT:TRUSTED>"; do
  grep -qF "$want" <<<"$JUDGED" || fail "pyHanko's judgement lacks $want: $JUDGED"
done
PRETTY=$("${PYHANKO[@]}" sign validate --pretty-print "${TRUST[@]}" "$PDF" 2>&1) || {
  echo "$PRETTY" >&2; fail "pyHanko --pretty-print does not accept the B-T certificate"; }
for want in "Signature timestamp token:" "The timestamp token is cryptographically sound." \
    "The TSA certificate is trusted." "Unilab CI TSA" "The signature covers the entire file."; do
  grep -qF "$want" <<<"$PRETTY" || { echo "$PRETTY" >&2; fail "pyHanko's report lacks “$want”"; }
done
echo "pades_bt: ok ($REPORT: $JUDGED)"
