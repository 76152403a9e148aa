//! Exact decimal arithmetic for the judging path.
//!
//! rust_decimal's operators panic on overflow, and its `checked_*` methods round without saying
//! so when a result needs more than 28 decimal places or a 96-bit mantissa (1e20 + 1e-20 comes
//! back as 1e20). The judging path uses these functions instead: [`add`], [`sub`], [`mul`] and
//! [`div`] give the exact result or `None`; [`Bounded`] carries a result that cannot be held
//! exactly (Mn/6) as a value with proven lower and upper bounds, so a verdict is given only
//! when every value in the bounds gives the same one.
//!
//! The work is done on the mantissas in 384-bit integers, which hold every product and every
//! aligned sum of two decimals, so nothing here depends on how rust_decimal rounds.

use std::cmp::Ordering;

use rust_decimal::Decimal;

/// The largest mantissa a Decimal holds: 2⁹⁶ − 1.
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;
/// The largest scale a Decimal holds.
const MAX_SCALE: u32 = 28;

/// An unsigned 384-bit integer, least significant limb first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Wide([u64; 6]);

impl Wide {
    const ZERO: Wide = Wide([0; 6]);

    fn from_u128(v: u128) -> Wide {
        let mut w = Wide::ZERO;
        w.0[0] = v as u64;
        w.0[1] = (v >> 64) as u64;
        w
    }

    fn to_u128(self) -> Option<u128> {
        if self.0[2..].iter().any(|&l| l != 0) {
            return None;
        }
        Some(u128::from(self.0[0]) | (u128::from(self.0[1]) << 64))
    }

    fn is_zero(self) -> bool {
        self.0.iter().all(|&l| l == 0)
    }

    /// `self × k`, or `None` past 384 bits.
    fn mul_small(self, k: u64) -> Option<Wide> {
        let mut out = Wide::ZERO;
        let mut carry: u128 = 0;
        for (o, &l) in out.0.iter_mut().zip(self.0.iter()) {
            // l·k + carry < 2⁶⁴·2⁶⁴ ≤ u128::MAX, since carry < 2⁶⁴.
            let t = u128::from(l) * u128::from(k) + carry;
            *o = t as u64;
            carry = t >> 64;
        }
        (carry == 0).then_some(out)
    }

    /// `self × 10ⁿ`, or `None` past 384 bits.
    fn mul_pow10(mut self, mut n: u32) -> Option<Wide> {
        while n > 0 {
            let step = n.min(19);
            self = self.mul_small(10u64.pow(step))?;
            n -= step;
        }
        Some(self)
    }

    /// The full product of two 128-bit numbers.
    fn product(a: u128, b: u128) -> Wide {
        let (a, b) = (Wide::from_u128(a), Wide::from_u128(b));
        let mut out = Wide::ZERO;
        for i in 0..2 {
            let mut carry: u128 = 0;
            for j in 0..4 {
                let k = i + j;
                let t = u128::from(a.0[i]) * u128::from(b.0[j]) + u128::from(out.0[k]) + carry;
                out.0[k] = t as u64;
                carry = t >> 64;
            }
            // i + 4 ≤ 5: the product of two 128-bit numbers has at most 256 bits.
            out.0[i + 4] = carry as u64;
        }
        out
    }

    fn add(self, o: Wide) -> Option<Wide> {
        let mut out = Wide::ZERO;
        let mut carry = false;
        for i in 0..6 {
            let (s1, c1) = self.0[i].overflowing_add(o.0[i]);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            out.0[i] = s2;
            carry = c1 || c2;
        }
        (!carry).then_some(out)
    }

    /// `self − o` for `self ≥ o`.
    fn sub(self, o: Wide) -> Wide {
        let mut out = Wide::ZERO;
        let mut borrow = false;
        for i in 0..6 {
            let (d1, b1) = self.0[i].overflowing_sub(o.0[i]);
            let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
            out.0[i] = d2;
            borrow = b1 || b2;
        }
        out
    }

    fn cmp(self, o: Wide) -> Ordering {
        for i in (0..6).rev() {
            match self.0[i].cmp(&o.0[i]) {
                Ordering::Equal => continue,
                other => return other,
            }
        }
        Ordering::Equal
    }

    /// Quotient and remainder by a small divisor (> 0).
    fn divrem_small(self, k: u64) -> (Wide, u64) {
        let mut out = Wide::ZERO;
        let mut rem: u128 = 0;
        let k = u128::from(k.max(1));
        for i in (0..6).rev() {
            let cur = (rem << 64) | u128::from(self.0[i]);
            out.0[i] = (cur / k) as u64;
            rem = cur % k;
        }
        (out, rem as u64)
    }

    fn bit(self, i: usize) -> bool {
        (self.0[i / 64] >> (i % 64)) & 1 == 1
    }

    fn shl1(self) -> Wide {
        let mut out = Wide::ZERO;
        let mut carry = 0u64;
        for i in 0..6 {
            out.0[i] = (self.0[i] << 1) | carry;
            carry = self.0[i] >> 63;
        }
        out
    }

    /// Quotient and remainder by a divisor below 2⁹⁶ (> 0), by binary long division.
    fn divrem(self, d: u128) -> (Wide, Wide) {
        let d = Wide::from_u128(d.max(1));
        let mut q = Wide::ZERO;
        let mut r = Wide::ZERO;
        for i in (0..384).rev() {
            // r < d < 2⁹⁶, so r·2 + 1 never leaves the 384 bits.
            r = r.shl1();
            if self.bit(i) {
                r.0[0] |= 1;
            }
            if r.cmp(d) != Ordering::Less {
                r = r.sub(d);
                q.0[i / 64] |= 1 << (i % 64);
            }
        }
        (q, r)
    }
}

/// How a result that cannot be held exactly is turned into a Decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// Refuse it.
    Exact,
    /// The nearest Decimal at or below the true value.
    Floor,
    /// The nearest Decimal at or above the true value.
    Ceil,
}

/// A signed decimal `±mag × 10^-scale`, with `inexact` when non-zero digits were already
/// dropped below it (so the true magnitude is a little above `mag`).
fn finish(
    negative: bool,
    mut mag: Wide,
    mut scale: u32,
    mut inexact: bool,
    dir: Dir,
    preferred: u32,
) -> Option<Decimal> {
    let away = match dir {
        Dir::Exact => false,
        // Rounding the magnitude up moves a negative value down and a positive one up.
        Dir::Floor => negative,
        Dir::Ceil => !negative,
    };
    let max = Wide::from_u128(MAX_MANTISSA);
    loop {
        while scale > MAX_SCALE || mag.cmp(max) == Ordering::Greater {
            if scale == 0 {
                return None;
            }
            let (q, r) = mag.divrem_small(10);
            inexact |= r != 0;
            mag = q;
            scale -= 1;
        }
        if inexact && dir == Dir::Exact {
            return None;
        }
        if !inexact || !away {
            break;
        }
        mag = mag.add(Wide::from_u128(1))?;
        if mag.cmp(max) != Ordering::Greater {
            break;
        }
        // The bump carried past 2⁹⁶ − 1: the next pass drops a digit and bumps again.
    }
    if !inexact {
        // Exact: trailing zeros down to the preferred scale, then up to it where it fits.
        while scale > preferred {
            let (q, r) = mag.divrem_small(10);
            if r != 0 {
                break;
            }
            mag = q;
            scale -= 1;
        }
        while scale < preferred.min(MAX_SCALE) {
            match mag.mul_small(10) {
                Some(m) if m.cmp(max) != Ordering::Greater => mag = m,
                _ => break,
            }
            scale += 1;
        }
    }
    let m = i128::try_from(mag.to_u128()?).ok()?;
    let m = if negative { -m } else { m };
    Decimal::try_from_i128_with_scale(m, scale).ok()
}

fn parts(d: Decimal) -> (bool, u128, u32) {
    (d.is_sign_negative(), d.mantissa().unsigned_abs(), d.scale())
}

fn add_dir(a: Decimal, b: Decimal, dir: Dir) -> Option<Decimal> {
    let (na, ma, sa) = parts(a);
    let (nb, mb, sb) = parts(b);
    let scale = sa.max(sb);
    // Aligned mantissas stay below 2⁹⁶·10²⁸ < 2¹⁹⁰.
    let wa = Wide::from_u128(ma).mul_pow10(scale - sa)?;
    let wb = Wide::from_u128(mb).mul_pow10(scale - sb)?;
    let (negative, mag) = if na == nb {
        (na, wa.add(wb)?)
    } else {
        match wa.cmp(wb) {
            Ordering::Less => (nb, wb.sub(wa)),
            _ => (na, wa.sub(wb)),
        }
    };
    finish(negative && !mag.is_zero(), mag, scale, false, dir, scale)
}

fn mul_dir(a: Decimal, b: Decimal, dir: Dir) -> Option<Decimal> {
    let (na, ma, sa) = parts(a);
    let (nb, mb, sb) = parts(b);
    let mag = Wide::product(ma, mb);
    finish(
        na != nb && !mag.is_zero(),
        mag,
        sa + sb,
        false,
        dir,
        sa + sb,
    )
}

fn div_dir(a: Decimal, b: Decimal, dir: Dir) -> Option<Decimal> {
    let (na, ma, sa) = parts(a);
    let (nb, mb, sb) = parts(b);
    if mb == 0 {
        return None;
    }
    // a/b = ma/mb · 10^(sb−sa); at scale 28 the mantissa is ma·10^(28+sb−sa) / mb.
    let n = Wide::from_u128(ma).mul_pow10(MAX_SCALE + sb - sa)?;
    let (q, r) = n.divrem(mb);
    finish(
        na != nb && !(q.is_zero() && r.is_zero()),
        q,
        MAX_SCALE,
        !r.is_zero(),
        dir,
        sa.saturating_sub(sb),
    )
}

/// `a + b` exactly, or `None` when the sum cannot be held (too large, or more digits than fit).
pub fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    add_dir(a, b, Dir::Exact)
}

/// `a − b` exactly, or `None` when the difference cannot be held.
pub fn sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    add_dir(a, -b, Dir::Exact)
}

/// `a × b` exactly, or `None` when the product cannot be held.
pub fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    mul_dir(a, b, Dir::Exact)
}

/// `a ÷ b` when the quotient can be held exactly (10 ÷ 4); `None` for 1 ÷ 3, overflow or b = 0.
pub fn div(a: Decimal, b: Decimal) -> Option<Decimal> {
    div_dir(a, b, Dir::Exact)
}

/// Why a calculation on the judging path has no result.
pub const OUT_OF_RANGE: &str =
    "计算结果超出可表示的范围（the result is too large to be held exactly）";

/// A computed value that lies between `lo` and `hi` (both included); `value` is the nearest
/// Decimal to it, for display. Exact when `lo == hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounded {
    pub value: Decimal,
    pub lo: Decimal,
    pub hi: Decimal,
}

impl Bounded {
    pub fn exact(value: Decimal) -> Bounded {
        Bounded {
            value,
            lo: value,
            hi: value,
        }
    }

    pub fn is_exact(&self) -> bool {
        self.lo == self.hi
    }

    /// Combine the bounds of the four endpoint results; `None` when one cannot be held.
    fn hull(
        self,
        o: Bounded,
        op: fn(Decimal, Decimal, Dir) -> Option<Decimal>,
        nearest: Option<Decimal>,
    ) -> Option<Bounded> {
        let pairs = [
            (self.lo, o.lo),
            (self.lo, o.hi),
            (self.hi, o.lo),
            (self.hi, o.hi),
        ];
        let mut lo: Option<Decimal> = None;
        let mut hi: Option<Decimal> = None;
        for (x, y) in pairs {
            let down = op(x, y, Dir::Floor)?;
            let up = op(x, y, Dir::Ceil)?;
            lo = Some(lo.map_or(down, |l| l.min(down)));
            hi = Some(hi.map_or(up, |h| h.max(up)));
        }
        let (lo, hi) = (lo?, hi?);
        let value = if lo == hi {
            lo
        } else {
            nearest.unwrap_or(lo).clamp(lo, hi)
        };
        Some(Bounded { value, lo, hi })
    }

    pub fn checked_add(self, o: Bounded) -> Option<Bounded> {
        let lo = add_dir(self.lo, o.lo, Dir::Floor)?;
        let hi = add_dir(self.hi, o.hi, Dir::Ceil)?;
        let value = if lo == hi {
            lo
        } else {
            self.value.checked_add(o.value).unwrap_or(lo).clamp(lo, hi)
        };
        Some(Bounded { value, lo, hi })
    }

    pub fn checked_sub(self, o: Bounded) -> Option<Bounded> {
        self.checked_add(-o)
    }

    pub fn checked_mul(self, o: Bounded) -> Option<Bounded> {
        self.hull(o, mul_dir, self.value.checked_mul(o.value))
    }

    /// `self ÷ o`; `Err` when the divisor is zero or its bounds include zero.
    pub fn checked_div(self, o: Bounded) -> Result<Bounded, String> {
        if o.lo.is_zero() && o.hi.is_zero() {
            return Err("除数为零（division by zero）".into());
        }
        if o.lo <= Decimal::ZERO && o.hi >= Decimal::ZERO {
            return Err(format!(
                "除数只能近似表示（介于 {} 与 {} 之间）且可能为零（the divisor may be zero）",
                o.lo, o.hi
            ));
        }
        self.hull(o, div_dir, self.value.checked_div(o.value))
            .ok_or_else(|| OUT_OF_RANGE.to_string())
    }

    /// The mean of several values; `None` when the sum cannot be held or there are none.
    pub fn mean(values: &[Bounded]) -> Option<Bounded> {
        let mut sum = Bounded::exact(Decimal::ZERO);
        for v in values {
            sum = sum.checked_add(*v)?;
        }
        let n = Bounded::exact(Decimal::from(u64::try_from(values.len()).ok()?));
        sum.checked_div(n).ok()
    }
}

impl std::ops::Neg for Bounded {
    type Output = Bounded;

    /// Negation is always exact.
    fn neg(self) -> Bounded {
        Bounded {
            value: -self.value,
            lo: -self.hi,
            hi: -self.lo,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn exact_results_keep_their_scale() {
        assert_eq!(add(d("1.50"), d("2")).unwrap().to_string(), "3.50");
        assert_eq!(sub(d("10.0"), d("0.1")).unwrap().to_string(), "9.9");
        assert_eq!(mul(d("1.5"), d("2.0")).unwrap().to_string(), "3.00");
        assert_eq!(div(d("820"), d("2")).unwrap().to_string(), "410");
        assert_eq!(div(d("1.0"), d("4")).unwrap().to_string(), "0.25");
        assert_eq!(div(d("-12.50"), d("2")).unwrap().to_string(), "-6.25");
        assert_eq!(add(d("-0.5"), d("0.5")).unwrap(), Decimal::ZERO);
        assert!(!add(d("-0.5"), d("0.5")).unwrap().is_sign_negative());
    }

    #[test]
    fn results_that_cannot_be_held_are_refused() {
        // rust_decimal rounds this sum silently to 1e20.
        assert!(add(d("100000000000000000000"), d("0.00000000000000000001")).is_none());
        assert!(add(Decimal::MAX, Decimal::ONE).is_none());
        assert!(sub(Decimal::MIN, Decimal::ONE).is_none());
        assert!(mul(d("0.00000000000001"), d("0.000000000000001")).is_none());
        assert!(mul(Decimal::MAX, d("2")).is_none());
        assert!(div(d("1"), d("3")).is_none());
        assert!(div(d("1"), Decimal::ZERO).is_none());
        // Exact though the operands' scales would overflow when aligned naively.
        assert_eq!(add(Decimal::MAX, d("0.0")).unwrap(), Decimal::MAX);
        assert_eq!(mul(Decimal::MAX, d("1.0")).unwrap(), Decimal::MAX);
    }

    #[test]
    fn bounds_enclose_the_true_value() {
        let third = Bounded::exact(d("1"))
            .checked_div(Bounded::exact(d("3")))
            .unwrap();
        assert!(!third.is_exact());
        assert_eq!(third.lo.to_string(), "0.3333333333333333333333333333");
        assert_eq!(third.hi.to_string(), "0.3333333333333333333333333334");
        let back = third.checked_mul(Bounded::exact(d("3"))).unwrap();
        assert!(back.lo < Decimal::ONE && Decimal::ONE < back.hi, "{back:?}");
        let neg = Bounded::exact(d("-2"))
            .checked_div(Bounded::exact(d("3")))
            .unwrap();
        assert!(neg.lo < neg.hi && neg.hi < Decimal::ZERO, "{neg:?}");
        assert_eq!(
            Bounded::exact(d("1")).checked_div(Bounded::exact(d("0"))),
            Err("除数为零（division by zero）".to_string())
        );
        assert!(third.checked_sub(third).unwrap().lo < Decimal::ZERO);
        assert!(Bounded::exact(d("1"))
            .checked_div(third.checked_sub(third).unwrap())
            .is_err());
        let m = Bounded::mean(&[Bounded::exact(d("430")), Bounded::exact(d("390"))]).unwrap();
        assert_eq!(m, Bounded::exact(d("410")));
    }

    #[test]
    fn wide_division_and_products() {
        let p = Wide::product(MAX_MANTISSA, MAX_MANTISSA);
        let (q, r) = p.divrem(MAX_MANTISSA);
        assert_eq!(q.to_u128(), Some(MAX_MANTISSA));
        assert!(r.is_zero());
        let (q, r) = Wide::from_u128(100).divrem(7);
        assert_eq!((q.to_u128(), r.to_u128()), (Some(14), Some(2)));
    }
}
