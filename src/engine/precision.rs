//! Double (f64) or single (f32) precision: the arithmetic the training loop needs,
//! for either float type.
//!
//! The book computes in float64 (its pixels are float32, promoted when multiplied
//! by the float64 weights). Single precision halves the bytes every step moves
//! and does twice as many multiply-adds per instruction; `dlfs train --precision`
//! chooses, and section 4.5.3 shows both reach the same accuracy.

use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// A floating-point type the training loop can run in.
pub trait Real:
    Copy
    + Debug
    + Default
    + PartialOrd
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    const NEG_INFINITY: Self;
    /// `self · a + b` rounded once (IEEE fusedMultiplyAdd): one right answer, so
    /// the same bits with or without an FMA instruction.
    fn mul_add(self, a: Self, b: Self) -> Self;
    fn exp(self) -> Self;
    fn max(self, other: Self) -> Self;
    /// The nearest value of this type.
    fn from_f64(v: f64) -> Self;
    /// Exactly (f32 widens without rounding).
    fn to_f64(self) -> f64;
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const NEG_INFINITY: Self = f64::NEG_INFINITY;
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        f64::mul_add(self, a, b)
    }
    #[inline(always)]
    fn exp(self) -> Self {
        f64::exp(self)
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        f64::max(self, other)
    }
    #[inline(always)]
    fn from_f64(v: f64) -> Self {
        v
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
}

impl Real for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const NEG_INFINITY: Self = f32::NEG_INFINITY;
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        f32::mul_add(self, a, b)
    }
    /// Our own exp (see [`exp_f32`]): the C library's is a function call per
    /// value, this one the compiler turns into 8 values per instruction.
    #[inline(always)]
    fn exp(self) -> Self {
        exp_f32(self)
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        f32::max(self, other)
    }
    #[inline(always)]
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as f64
    }
}

/// e^x in f32 without a function call, so that a loop of them is vectorised: x
/// is split as n·ln 2 + r with |r| <= ln 2 / 2, e^r comes from a polynomial (the
/// Cephes library's coefficients, within 2 units in the last place of the true
/// value) and 2^n is put straight into the exponent bits. Every step is exactly
/// rounded IEEE arithmetic (`mul_add` included), so the bits are the same on
/// every CPU. Below about -87.3 it returns 0 (the true value is subnormal),
/// above about 88.7 infinity; NaN gives NaN.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    const HI: f32 = 88.72283;
    const LO: f32 = -87.33654;
    // Not `clamp`, which keeps a NaN: `f32::max` returns the other operand when
    // one is NaN, so c is a number in LO..=HI whatever x is.
    #[allow(clippy::manual_clamp)] // clamp would keep the NaN
    let c = x.max(LO).min(HI);
    let n = (c * std::f32::consts::LOG2_E).round_ties_even();
    // r = c - n ln 2, with ln 2 in two parts so that n · (first part) is exact
    let r = n.mul_add(-0.693_359_4, c);
    let r = n.mul_add(2.121_944_4e-4, r);
    let mut p = 1.987_569_1e-4f32;
    p = p.mul_add(r, 1.398_199_9e-3);
    p = p.mul_add(r, 8.333_452e-3);
    p = p.mul_add(r, 4.166_579_6e-2);
    p = p.mul_add(r, 1.666_666_5e-1);
    p = p.mul_add(r, 0.5); // Cephes: 5.0000001201e-1, which is 0.5 in f32
    let e_r = p.mul_add(r * r, r) + 1.0;
    // 2^n as 2^a · 2^b with a + b = n: each factor is a normal number for every
    // n here (-126..=128), and multiplying by a power of two is exact
    // SAFETY: c is in LO..=HI (never NaN, see above), so n is a whole number
    // in -126..=128, which fits in an i32.
    let n: i32 = unsafe { n.to_int_unchecked() };
    let (a, b) = (n >> 1, n - (n >> 1));
    let pow2 = |k: i32| f32::from_bits(((k + 127) as u32) << 23);
    let v = e_r * pow2(a) * pow2(b);
    if x > HI {
        f32::INFINITY
    } else if x < LO {
        0.0
    } else if x.is_nan() {
        x
    } else {
        v
    }
}

/// [`crate::common::numpy::np_sum`] (NumPy's pairwise order) for either float
/// type; in f64 the same bits (tested below).
pub fn np_sum<F: Real>(a: &[F]) -> F {
    let n = a.len();
    if n < 8 {
        a.iter().fold(F::ZERO, |res, &v| res + v)
    } else if n <= 128 {
        let mut r = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
        let mut i = 8;
        while i < n - (n % 8) {
            for j in 0..8 {
                r[j] = r[j] + a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res = res + a[i];
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        np_sum(&a[..n2]) + np_sum(&a[n2..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_f32_is_within_two_ulp_of_the_true_value() {
        let mut worst = 0.0f64;
        let mut x = -87.0f32;
        while x < 88.5 {
            let got = exp_f32(x) as f64;
            let want = (x as f64).exp();
            let err = ((got - want) / (want as f32 as f64 * f32::EPSILON as f64)).abs();
            worst = worst.max(err);
            x += 0.0137;
        }
        assert!(worst < 2.0, "worst error {worst} ulp");
        assert_eq!(exp_f32(0.0), 1.0);
        assert_eq!(exp_f32(-100.0), 0.0);
        assert_eq!(exp_f32(100.0), f32::INFINITY);
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert!((exp_f32(88.7) as f64 / (88.7f32 as f64).exp() - 1.0).abs() < 1e-6);
        assert!((exp_f32(-87.3) as f64 / (-87.3f32 as f64).exp() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn exp_f32_of_nan_is_nan_and_of_infinities_is_their_limit() {
        assert!(exp_f32(f32::NAN).is_nan());
        assert!(exp_f32(-f32::NAN).is_nan());
        assert_eq!(exp_f32(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp_f32(f32::MAX), f32::INFINITY);
        assert_eq!(exp_f32(f32::MIN), 0.0);
    }

    #[test]
    fn np_sum_in_f64_is_the_chapters_np_sum() {
        for n in [0, 1, 7, 8, 9, 100, 128, 129, 1000, 4097] {
            let xs: Vec<f64> = (0..n)
                .map(|i| ((i * 7919) % 113) as f64 * 0.1 - 3.3)
                .collect();
            assert_eq!(
                np_sum(&xs).to_bits(),
                crate::common::numpy::np_sum(&xs).to_bits(),
                "n = {n}"
            );
        }
    }
}
