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
/// above about 88.7 infinity.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    const HI: f32 = 88.72283;
    const LO: f32 = -87.33654;
    let c = x.clamp(LO, HI);
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
    // SAFETY: c is clamped, so n is a whole number in -126..=128, which fits.
    let n: i32 = unsafe { n.to_int_unchecked() };
    let (a, b) = (n >> 1, n - (n >> 1));
    let pow2 = |k: i32| f32::from_bits(((k + 127) as u32) << 23);
    let v = e_r * pow2(a) * pow2(b);
    if x > HI {
        f32::INFINITY
    } else if x < LO {
        0.0
    } else {
        v
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
}
