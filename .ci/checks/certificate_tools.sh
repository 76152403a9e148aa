#!/usr/bin/env bash
# A certificate issued through the CLI, checked with the tools an enterprise or auditor would use:
# pdftotext (every DOMAIN.md §5 item), pdffonts (embedded + subset), qpdf --check, pdfsig,
# zbarimg (the QR decodes to the signed payload), and unilab verify (one flipped byte fails it;
# `cert show` re-renders byte-identically; a withdrawn report no longer verifies).
set -euo pipefail
cd "$(dirname "$0")/../.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
for tool in pdftotext pdffonts qpdf pdfsig zbarimg pdftoppm; do
  command -v "$tool" >/dev/null || { echo "certificate_tools: $tool missing" >&2; exit 1; }
done
cargo build --locked --bin unilab >/dev/null
BIN="$PWD/target/debug/unilab"
WORK="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
export UNILAB_DATA_DIR="$WORK/lab"
fail() { echo "certificate_tools: $*" >&2; exit 1; }
as() { local u=$1 p=$2; shift 2; UNILAB_USER=$u UNILAB_PASSWORD=$p "$BIN" "$@"; }

UNILAB_PASSWORD=adminpass "$BIN" init --lab-name "闽江产品质量检验研究院" --admin admin \
  --address "福建省福州市鼓楼区华林路 139 号" >/dev/null
as admin adminpass keys init >/dev/null
# The QR then opens the lab's verification page, with the signed payload after '#'.
as admin adminpass lab web --base-url https://lims.example.cn >/dev/null
for u in clerk:clerk tech:technician chk:technician rev:reviewer sig:signatory; do
  UNILAB_NEW_PASSWORD=secret1 as admin adminpass user add "${u%%:*}" --role "${u##*:}" --field '*' \
    --name "${u%%:*}-名" >/dev/null
done
# The bench: the universal testing machine in calibration, tech authorised for the methods.
as admin adminpass instrument add --id SB-001 --name "微机控制电液伺服万能试验机" --kind "万能材料试验机" \
  --model WAW-1000B --serial 2019-0317 --due "$(date -u -d '+365 days' +%F)" >/dev/null
for m in "GB/T 28900-2022" "GB 1499.2-2024（重量偏差测量）"; do
  as admin adminpass user authorise tech --method "$m" --reason "培训考核合格" >/dev/null
done
as clerk secret1 enterprise add --name "福州钢铁有限公司" --credit-code 91350100M000100Y43 \
  --address "福建省福州市仓山区" >/dev/null
ORDER=$(as clerk secret1 order new --standard "GB 1499.2-2024" --grade HRB400E --spec d14-20 \
  --type commissioned --client 91350100M000100Y43 --producer 91350100M000100Y43 \
  --sample "热轧带肋钢筋" --trademark "闽光" --model-spec "HRB400E Φ16" --batch "6B0375" \
  --quantity "6 根" --condition "完好" --items ReL,Rm,Agt,bend,W | tail -1)
as clerk secret1 order receive "$ORDER" >/dev/null
BENCH=(--instrument SB-001 --temperature 22 --humidity 55)
as tech secret1 result set "$ORDER" ReL 445 450 "${BENCH[@]}" >/dev/null
as tech secret1 result set "$ORDER" Rm 615 620 "${BENCH[@]}" >/dev/null
as tech secret1 result set "$ORDER" Agt 12.5 13 "${BENCH[@]}" >/dev/null
as tech secret1 result set "$ORDER" bend 无裂纹 无裂纹 "${BENCH[@]}" >/dev/null
as tech secret1 result set "$ORDER" W -2.1 >/dev/null
as chk secret1 order check "$ORDER" >/dev/null
as tech secret1 order submit "$ORDER" >/dev/null
as rev secret1 order review "$ORDER" --accept >/dev/null
as sig secret1 order approve "$ORDER" >/dev/null
PDF="$WORK/cert.pdf"
REPORT=$(as sig secret1 cert issue "$ORDER" --out "$PDF" | tail -1)
[ -s "$PDF" ] || fail "no PDF written"

# pdftotext spaces CJK text its own way; compare with all blanks removed.
TEXT=$(pdftotext -layout "$PDF" - | tr -d ' \t')
for want in 检验报告 闽江产品质量检验研究院 "华林路 139 号" "$REPORT" "第 1 页 共" 以下空白 福州钢铁有限公司 \
    "福建省福州市仓山区" 生产单位 热轧带肋钢筋 闽光 "HRB400E Φ16" 6B0375 样品编号 "6 根" 完好 \
    收样日期 检验日期 签发日期 委托检验 "GB 1499.2-2024" "GB/T 28900-2022" MPa 标准要求 单项判定 \
    符合 检验结论 方法偏离 分包 "仅对所检样品负责" 编制 审核 批准 "tech-名" "rev-名" "sig-名" \
    声明 "15" ; do
  grep -qF -- "${want// /}" <<<"$TEXT" || fail "extracted text lacks “$want”"
done
PAGES=$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')
for p in $(seq 1 "$PAGES"); do
  pdftotext -f "$p" -l "$p" "$PDF" - | grep -qF "$REPORT" || fail "page $p lacks the report number"
  pdftotext -f "$p" -l "$p" "$PDF" - | tr -d ' ' | grep -qF "第${p}页共${PAGES}页" || fail "page $p lacks 第 $p 页 共 $PAGES 页"
done
pdffonts "$PDF" | awk 'NR>2' | while read -r line; do
  grep -Eq 'yes +yes +(yes|no)' <<<"$line" || fail "font not embedded+subset: $line"
done
qpdf --check "$PDF" >/dev/null || fail "qpdf --check"
pdfsig "$PDF" | grep -q "Signature is Valid" || fail "pdfsig does not call the signature valid"
pdfsig "$PDF" | grep -q "Total document signed" || fail "signature does not cover the whole document"
SIZE=$(stat -c %s "$PDF"); [ "$SIZE" -lt 81920 ] || fail "certificate weighs $SIZE bytes"

pdftoppm -png -r 150 -f 1 -l 1 "$PDF" "$WORK/page"
QR=$(zbarimg --raw -q "$WORK"/page-1.png 2>/dev/null | head -1)
CODE=$(as sig secret1 cert list --json | grep -o '"verify_code": "[A-Z0-9]*"' | head -1 | cut -d'"' -f4)
[ -n "$CODE" ] || fail "cert list --json has no verify_code"
[[ "$QR" == "https://lims.example.cn/v/$REPORT?c=$CODE#UL1|$REPORT|"* ]] || fail "QR decodes to “$QR”"
pdftotext "$PDF" - | grep -qF "$CODE" || fail "the verification code $CODE is not printed"
as sig secret1 verify "$PDF" >/dev/null || fail "unilab verify rejects a good certificate"

# One flipped byte anywhere fails verification.
for pos in 200 $((SIZE / 2)) $((SIZE - 300)) $((SIZE - 20)); do
  cp "$PDF" "$WORK/bad.pdf"
  printf "$(printf '\\x%02x' $(( $(od -An -tu1 -j "$pos" -N1 "$PDF") ^ 1 )))" |
    dd of="$WORK/bad.pdf" bs=1 seek="$pos" conv=notrunc status=none
  if as sig secret1 verify "$WORK/bad.pdf" >/dev/null 2>&1; then fail "flipped byte at $pos still verifies"; fi
done

# PDF/A-2b prerequisites, read by poppler and independently by pikepdf (qpdf's parser).
pdfinfo -meta "$PDF" | grep -q '<pdfaid:part>2</pdfaid:part>' || fail "pdfinfo -meta shows no pdfaid:part 2"
pdfinfo -meta "$PDF" | grep -q '<pdfaid:conformance>B</pdfaid:conformance>' || fail "pdfinfo -meta shows no conformance B"
if python3 -c 'import pikepdf' 2>/dev/null; then
  python3 .ci/checks/pdfa_check.py "$PDF" || fail "pikepdf PDF/A prerequisite check"
elif [ "${UNILAB_CI:-}" = 1 ]; then
  fail "python3 with pikepdf missing (pip install pikepdf)"
else
  echo "certificate_tools: SKIPPED the pikepdf PDF/A check (python3 -m pip install pikepdf)" >&2
fi
# The text a phone scans from the QR code verifies offline against the lab certificate alone.
UNILAB_DATA_DIR="$WORK/elsewhere" "$BIN" verify --qr "$QR" --cert "$WORK/lab/keys/lab-cert.pem" >/dev/null \
  || fail "verify --qr rejects the scanned QR text"

as sig secret1 cert show "$REPORT" --out "$WORK/again.pdf" >/dev/null
cmp -s "$PDF" "$WORK/again.pdf" || fail "cert show is not byte-identical"
as sig secret1 cert withdraw "$REPORT" --reason "样品来源存疑" >/dev/null
if as sig secret1 verify "$PDF" >/dev/null 2>&1; then fail "a withdrawn report still verifies"; fi
echo "certificate_tools: ok ($REPORT, $PAGES pages, $SIZE bytes)"
