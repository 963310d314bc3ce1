//! 4.5.4's local numerical gradient ([`crate::ch04::local_gradient`]), fast:
//! the batch's pixels in sparse form (only nonzero pixels are nudged), the hidden
//! units split across the cores, and each nudged image's loss found from a few
//! numbers cached per (image, hidden unit) instead of a whole softmax.
//!
//! It is still L(W + h) and L(W - h) for every parameter, h = 1e-4. Two exact
//! identities do the work:
//!
//! - sigmoid(a + δ) - sigmoid(a) = -q · expm1(-δ) · z · z', with q = e^-a,
//!   z = sigmoid(a), z' = sigmoid(a + δ): the change of a hidden output without
//!   the cancellation of subtracting two nearby numbers;
//! - when hidden output j moves by d, the softmax denominator
//!   Σ_k e^(a2_k - c) becomes Σ_k E_k e^(d W2[j,k]) = S + Σ_{n≥1} dⁿ/n! M_n with
//!   M_n = Σ_k E_k W2[j,k]ⁿ, cached per (image, unit).
//!
//! The series are summed to the term past which the rest is below 1e-20 of
//! the sum (|d·W2| ≤ 1e-3 is checked; beyond it the exponentials are computed
//! directly), so each loss difference is as accurate as the chapter's. The
//! order of the arithmetic is not the chapter's, so the results are not its
//! bits: they agree within a few ulps of the loss over 2h (tests below).

use ndarray::{Array1, Array2, ArrayView2};

use crate::ch04::two_layer_net::{Grads, TwoLayerNet};
use crate::common::functions::sigmoid;
use crate::engine::sparse::{PixelRows, dense_dot, sparse_dot};

const H: f64 = 1e-4;
use crate::ch04::loss::DELTA; // inside cross-entropy's log

/// e^x - 1 for |x| ≤ 1e-3 by its Taylor series (the first left-out term is
/// below 1e-25 of the result), else the library's.
#[inline(always)]
fn expm1_small(x: f64) -> f64 {
    if x.abs() <= 1e-3 {
        expm1_series(x)
    } else {
        x.exp_m1()
    }
}

/// x (1 + x/2 + x²/6 + ... + x⁶/5040), multiplications only: [`expm1_small`]'s
/// series, shared with the lanes so that both do the same operations.
#[inline(always)]
fn expm1_series(x: f64) -> f64 {
    let p = 1.0 / 720.0 + x * (1.0 / 5040.0);
    let p = 1.0 / 120.0 + x * p;
    let p = 1.0 / 24.0 + x * p;
    let p = 1.0 / 6.0 + x * p;
    let p = 0.5 + x * p;
    let p = 1.0 + x * p;
    x * p
}

/// ln(1 + u) for |u| ≤ 1e-3 by its series (left-out terms below 1e-21 of the
/// result), else the library's.
#[inline(always)]
fn ln1p_small(u: f64) -> f64 {
    if u.abs() <= 1e-3 {
        ln1p_series(u)
    } else {
        u.ln_1p()
    }
}

/// u (1 - u/2 + u²/3 - ... - u⁷/8): [`ln1p_small`]'s series, shared with the lanes.
#[inline(always)]
fn ln1p_series(u: f64) -> f64 {
    let p = 1.0 / 7.0 - u / 8.0;
    let p = 1.0 / 6.0 - u * p;
    let p = 1.0 / 5.0 - u * p;
    let p = 1.0 / 4.0 - u * p;
    let p = 1.0 / 3.0 - u * p;
    let p = 1.0 / 2.0 - u * p;
    let p = 1.0 - u * p;
    u * p
}

/// One thread's share of the gradient: W1 columns ([j][i]), b1 entries and
/// W2 rows ([j][k]).
struct Columns {
    w1: Vec<f64>,
    b1: Vec<f64>,
    w2: Vec<f64>,
}

/// What the forward pass leaves, per image r.
struct Rows {
    /// e^(a2[r,k] - max_k a2[r,k]) and their sum.
    e: Array2<f64>,
    s: Vec<f64>,
    a2: Array2<f64>,
    c: Vec<f64>,
    label: Vec<usize>,
}

/// Per (hidden unit j, image r): what a move of z1[r, j] needs.
#[derive(Clone, Copy, Default)]
struct Unit {
    q: f64,      // e^-a1[r,j]
    z: f64,      // z1[r,j]
    m: [f64; 7], // M_n / n! for n = 1..=7
    s: f64,      // the softmax denominator S_r
    et: f64,     // E_r at the label
    wt: f64,     // W2[j, label]
}

/// The softmax denominator after hidden output j moves by d: S + Σ dⁿ M_n/n!
/// (m holds M_n/n!, n = 1..=7), by Horner's rule.
#[inline(always)]
fn denominator(s: f64, d: f64, m: [f64; 7]) -> f64 {
    let p = m[6];
    let p = m[5] + d * p;
    let p = m[4] + d * p;
    let p = m[3] + d * p;
    let p = m[2] + d * p;
    let p = m[1] + d * p;
    let p = m[0] + d * p;
    s + d * p
}

/// The loss difference l(a1 + δ) - l(a1 - δ) of image r for hidden unit j.
#[inline(always)]
fn hidden_pair(u: &Unit, wmax: f64, delta: f64, fallback: impl Fn(f64) -> f64) -> f64 {
    hidden_pair_em(u, wmax, expm1_pair(delta), fallback)
}

/// expm1_small(-δ) and expm1_small(δ): what [`hidden_pair`] needs of δ alone
/// (the same for every image and unit, so computed once per pixel byte).
#[inline(always)]
fn expm1_pair(delta: f64) -> (f64, f64) {
    (expm1_small(-delta), expm1_small(-(-delta)))
}

/// [`hidden_pair`] with δ's two expm1 values given.
#[inline(always)]
fn hidden_pair_em(u: &Unit, wmax: f64, ems: (f64, f64), fallback: impl Fn(f64) -> f64) -> f64 {
    let y = |em: f64| {
        let zn = 1.0 / (1.0 + (u.q + u.q * em));
        let d = -u.q * em * u.z * zn;
        if (d * wmax).abs() > 1e-3 {
            return fallback(d);
        }
        let s = denominator(u.s, d, u.m);
        let et = u.et + u.et * expm1_small(d * u.wt);
        et / s
    };
    let (yp, ym) = (y(ems.0), y(ems.1));
    ln1p_small((ym - yp) / (yp + DELTA))
}

/// Hidden units side by side in the W1 loop.
const LANES: usize = 4;

/// [`Unit`] for LANES hidden units of one image, field by field.
#[derive(Clone, Copy, Default)]
struct Lanes {
    q: [f64; LANES],
    z: [f64; LANES],
    m: [[f64; LANES]; 7],
    s: f64,
    et: f64,
    wt: [f64; LANES],
}

impl Lanes {
    fn of(us: [Unit; LANES]) -> Lanes {
        Lanes {
            q: us.map(|u| u.q),
            z: us.map(|u| u.z),
            m: std::array::from_fn(|n| us.map(|u| u.m[n])),
            s: us[0].s,
            et: us[0].et,
            wt: us.map(|u| u.wt),
        }
    }

    fn unit(&self, l: usize) -> Unit {
        Unit {
            q: self.q[l],
            z: self.z[l],
            m: self.m.map(|m| m[l]),
            s: self.s,
            et: self.et,
            wt: self.wt[l],
        }
    }
}

/// y = E_label / S after the nudge, for LANES hidden units of one image (a
/// plain function, not a closure, so that it is inlined into the AVX2 copy).
#[inline(always)]
fn lanes_y(u: &Lanes, wmax: &[f64; LANES], em: f64) -> ([f64; LANES], u32) {
    let mut redo = 0;
    let mut out = [0.0; LANES];
    for l in 0..LANES {
        let zn = 1.0 / (1.0 + (u.q[l] + u.q[l] * em));
        let d = -u.q[l] * em * u.z[l] * zn;
        redo |= u32::from((d * wmax[l]).abs() > 1e-3) << l;
        let m = &u.m;
        let m = [
            m[0][l], m[1][l], m[2][l], m[3][l], m[4][l], m[5][l], m[6][l],
        ];
        let s = denominator(u.s, d, m);
        let et = u.et + u.et * expm1_series(d * u.wt[l]);
        out[l] = et / s;
    }
    (out, redo)
}

/// [`hidden_pair_em`] for LANES hidden units of one image at once, every step
/// the scalar one's in the same order. The series' branches are not taken
/// here: the lanes that would leave them (a large move, or a ratio past
/// ln1p's range) are marked in the returned bits, for the caller to redo with
/// [`hidden_pair_em`]. (|d·W2[j,label]| ≤ |d|·wmax, so the check on wmax
/// covers the expm1 inside too.)
#[inline(always)]
fn hidden_pairs(u: &Lanes, wmax: &[f64; LANES], ems: (f64, f64)) -> ([f64; LANES], u32) {
    let (yp, redo_p) = lanes_y(u, wmax, ems.0);
    let (ym, redo_m) = lanes_y(u, wmax, ems.1);
    let mut redo = redo_p | redo_m;
    let mut out = [0.0; LANES];
    for l in 0..LANES {
        let v = (ym[l] - yp[l]) / (yp[l] + DELTA);
        redo |= u32::from(v.abs() > 1e-3 || v.is_nan()) << l; // ln1p_small's other branch
        out[l] = ln1p_series(v);
    }
    (out, redo)
}

/// The same gradient as [`crate::ch04::local_gradient::numerical_gradient_local`]
/// for the batch `x` with one label per row, the hidden units split over
/// `threads` threads.
pub fn numerical_gradient_local(
    net: &TwoLayerNet,
    x: &PixelRows,
    labels: &[usize],
    threads: usize,
) -> Grads {
    numerical_gradient_local_with(net, x, labels, threads, Kernel::Detect)
}

/// [`numerical_gradient_local`] with the W1 loop compiled as `kernel` says.
pub fn numerical_gradient_local_with(
    net: &TwoLayerNet,
    x: &PixelRows,
    labels: &[usize],
    threads: usize,
    kernel: Kernel,
) -> Grads {
    assert_eq!(x.nrows(), labels.len(), "one label per row");
    let n = x.nrows();
    let (pixels, hidden) = net.w1.dim();
    let classes = net.w2.ncols();
    let mut a1 = sparse_dot(x, net.w1.view());
    a1 += &net.b1;
    let z1 = a1.mapv(sigmoid);
    let mut a2 = dense_dot(z1.view(), net.w2.view());
    a2 += &net.b2;
    let c: Vec<f64> = a2
        .rows()
        .into_iter()
        .map(|r| r.fold(f64::NEG_INFINITY, |m, &v| m.max(v)))
        .collect();
    let e = Array2::from_shape_fn((n, classes), |(r, k)| (a2[[r, k]] - c[r]).exp());
    let s: Vec<f64> = e.rows().into_iter().map(|r| r.sum()).collect();
    let rows = Rows {
        e,
        s,
        a2,
        c,
        label: labels.to_vec(),
    };
    let central = |sum: f64| (sum / n as f64) / (2.0 * H);
    let xt = x.transpose(); // pixel i's images and values
    // each byte's δ = h·x and its two expm1 values, shared by all images and units
    let ems: Vec<(f64, f64)> = x.values().iter().map(|&v| expm1_pair(H * v)).collect();
    debug_assert_eq!(xt.nrows(), pixels);

    // W1, b1 and W2, hidden units split across threads
    let threads = threads.clamp(1, hidden.max(1));
    let chunk = hidden.div_ceil(threads);
    let shared = Shared {
        net,
        rows: &rows,
        a1: &a1,
        z1: &z1,
        xt: &xt,
        ems: &ems,
        central: &central,
        kernel,
    };
    let parts: Vec<(std::ops::Range<usize>, Columns)> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..hidden)
            .step_by(chunk.max(1))
            .map(|lo| {
                let js = lo..(lo + chunk).min(hidden);
                let shared = &shared;
                (js.clone(), sc.spawn(move || shared.columns(js)))
            })
            .collect();
        handles
            .into_iter()
            .map(|(js, h)| (js, h.join().unwrap()))
            .collect()
    });
    let mut w1 = Array2::zeros((pixels, hidden));
    let mut b1 = Array1::zeros(hidden);
    let mut w2 = Array2::zeros((hidden, classes));
    for (js, cols) in parts {
        for (jj, j) in js.enumerate() {
            for i in 0..pixels {
                w1[[i, j]] = cols.w1[jj * pixels + i];
            }
            b1[j] = cols.b1[jj];
            for k in 0..classes {
                w2[[j, k]] = cols.w2[jj * classes + k];
            }
        }
    }
    let b2 = Array1::from_shape_fn(classes, |k| {
        central((0..n).map(|r| output_pair(&rows, r, k, H)).sum())
    });
    Grads { w1, b1, w2, b2 }
}

/// W2 and b2: one logit moves by ±δ; S' = S + E_k expm1(±δ).
#[inline(always)]
fn output_pair(rows: &Rows, r: usize, k: usize, delta: f64) -> f64 {
    let t = rows.label[r];
    let ek = rows.e[[r, k]];
    let y = |delta: f64| {
        let g = expm1_small(delta);
        let s = rows.s[r] + ek * g;
        let et = if t == k { ek + ek * g } else { rows.e[[r, t]] };
        et / s
    };
    let (yp, ym) = (y(delta), y(-delta));
    ln1p_small((ym - yp) / (yp + DELTA))
}

/// How the W1 loop is compiled: for this CPU's AVX2 when it has it (the
/// default), or plainly (tests use it to show both give the same bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    Detect,
    Plain,
}

/// What every thread reads.
struct Shared<'a> {
    net: &'a TwoLayerNet,
    rows: &'a Rows,
    a1: &'a Array2<f64>,
    z1: &'a Array2<f64>,
    xt: &'a PixelRows,
    ems: &'a [(f64, f64)],
    central: &'a (dyn Fn(f64) -> f64 + Sync),
    kernel: Kernel,
}

impl Shared<'_> {
    /// The gradient's entries for hidden units `js`: their W1 columns, b1
    /// entries and W2 rows.
    fn columns(&self, js: std::ops::Range<usize>) -> Columns {
        #[cfg(target_arch = "x86_64")]
        if self.kernel == Kernel::Detect && crate::engine::sparse::has_fma() {
            // SAFETY: the CPU has AVX2 (and FMA), checked on the line above.
            return unsafe { self.columns_avx2(js) };
        }
        self.columns_plain(js)
    }

    /// [`Shared::columns_plain`] compiled for AVX2: the lanes of
    /// [`hidden_pairs`] become one instruction each. Same arithmetic (Rust
    /// never fuses a multiply and an add), same bits.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn columns_avx2(&self, js: std::ops::Range<usize>) -> Columns {
        self.columns_plain(js)
    }

    #[inline(always)]
    fn columns_plain(&self, js: std::ops::Range<usize>) -> Columns {
        let (net, rows) = (self.net, self.rows);
        let (pixels, classes) = (net.w1.nrows(), net.w2.ncols());
        let n = rows.s.len();
        let central = self.central;
        let mut w1 = vec![0.0; js.len() * pixels]; // [j][i]
        let mut b1 = vec![0.0; js.len()];
        let mut lanes = vec![Lanes::default(); n];
        // LANES hidden units at a time; a last, short group repeats its last
        // unit in the spare lanes and drops what they give
        for g in js.clone().step_by(LANES) {
            let unit_of = |l: usize| (g + l).min(js.end - 1);
            let wmax: [f64; LANES] = std::array::from_fn(|l| {
                let w2j = net.w2.row(unit_of(l));
                w2j.iter().fold(0.0f64, |m, &w| m.max(w.abs()))
            });
            for (r, lane) in lanes.iter_mut().enumerate() {
                *lane = Lanes::of(std::array::from_fn(|l| self.unit(unit_of(l), r)));
            }
            // the rare large move: the exponentials directly
            let fallback = |r: usize, j: usize| {
                let w2j = net.w2.row(j);
                move |d: f64| {
                    let a = rows.a2.row(r);
                    let s: f64 = (0..classes)
                        .map(|k| (a[k] + d * w2j[k] - rows.c[r]).exp())
                        .sum();
                    let t = rows.label[r];
                    (a[t] + d * w2j[t] - rows.c[r]).exp() / s
                }
            };
            let width = (js.end - g).min(LANES);
            for i in 0..pixels {
                let mut sum = [0.0; LANES];
                let (rs, bytes) = self.xt.row(i);
                for (&r, &b) in rs.iter().zip(bytes) {
                    let r = r as usize;
                    let ems = self.ems[b as usize];
                    let (mut v, redo) = hidden_pairs(&lanes[r], &wmax, ems);
                    if redo != 0 {
                        for l in (0..LANES).filter(|l| redo & (1 << l) != 0) {
                            let u = lanes[r].unit(l);
                            v[l] = hidden_pair_em(&u, wmax[l], ems, fallback(r, unit_of(l)));
                        }
                    }
                    for l in 0..LANES {
                        sum[l] += v[l];
                    }
                }
                for (l, &s) in sum.iter().enumerate().take(width) {
                    w1[(g + l - js.start) * pixels + i] = central(s);
                }
            }
            for (l, &wm) in wmax.iter().enumerate().take(width) {
                let j = g + l;
                let sum: f64 = (0..n)
                    .map(|r| hidden_pair(&lanes[r].unit(l), wm, H, fallback(r, j)))
                    .sum();
                b1[j - js.start] = central(sum);
            }
        }
        let mut w2 = vec![0.0; js.len() * classes]; // [j][k]
        for (jj, j) in js.clone().enumerate() {
            for k in 0..classes {
                w2[jj * classes + k] = central(
                    (0..n)
                        .map(|r| output_pair(rows, r, k, H * self.z1[[r, j]]))
                        .sum(),
                );
            }
        }
        Columns { w1, b1, w2 }
    }

    /// Hidden unit j's numbers for image r.
    fn unit(&self, j: usize, r: usize) -> Unit {
        let rows = self.rows;
        let w2j = self.net.w2.row(j);
        let classes = w2j.len();
        let mut m = [0.0; 7];
        let mut fact = 1.0;
        let mut wn: Vec<f64> = vec![1.0; classes];
        for (nn, mn) in m.iter_mut().enumerate() {
            fact *= (nn + 1) as f64;
            let mut sum = 0.0;
            for k in 0..classes {
                wn[k] *= w2j[k];
                sum += rows.e[[r, k]] * wn[k];
            }
            *mn = sum / fact;
        }
        let t = rows.label[r];
        Unit {
            q: (-self.a1[[r, j]]).exp(),
            z: self.z1[[r, j]],
            m,
            s: rows.s[r],
            et: rows.e[[r, t]],
            wt: w2j[t],
        }
    }
}

/// The labels of one-hot rows.
pub fn labels_of(t: ArrayView2<f64>) -> Vec<usize> {
    crate::ch04::loss::argmax_rows(&t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch04::local_gradient;
    use crate::common::mnist::toy_batch;
    use crate::common::mnist::{CLASSES, PIXELS, one_hot_rows, toy_mnist};
    use crate::engine::net::numerical_gradient_naive;
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn the_fast_local_gradient_is_the_chapters_on_small_nets() {
        let mut worst = [0.0f64; 4];
        for (seed, (n, d, hid, c, std)) in [
            (0, (6, 8, 5, 3, 1.0)),
            (1, (20, 30, 7, 4, 0.1)),
            (2, (1, 12, 50, 10, 0.01)),
            (3, (13, 25, 9, 10, 2.0)),
        ] {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let net = TwoLayerNet::new(d, hid, c, std, &mut rng);
            let (x, t) = toy_batch(n, d, c, &mut rng);
            let x = crate::engine::sparse::pixel_like(x);
            let xs = PixelRows::from_dense(x.view());
            let chapter = local_gradient::numerical_gradient_local(&net, x.view(), t.view());
            let naive = net.numerical_gradient(x.view(), t.view());
            for threads in [1, 2, 3] {
                let fast = numerical_gradient_local(&net, &xs, &labels_of(t.view()), threads);
                for (w, (a, b)) in worst.iter_mut().zip(
                    fast.max_abs_diff(&chapter)
                        .into_iter()
                        .zip(fast.max_abs_diff(&naive)),
                ) {
                    assert!(a <= 1e-11 && b <= 1e-9, "seed {seed}: {a} {b}");
                    *w = w.max(a);
                }
            }
        }
        eprintln!(
            "worst |engine - chapter local| on small nets: {:e}",
            worst[0].max(worst[1]).max(worst[2]).max(worst[3])
        );
    }

    /// The W1 loop's lanes give the scalar [`hidden_pair_em`]'s bits, and mark
    /// for redoing every lane whose move is too large for the series (there
    /// the scalar code takes its fallback, so the lanes' value is not used).
    #[test]
    fn lanes_give_the_scalar_pairs_bits_and_mark_large_moves() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let mut marked = 0;
        let mut kept = 0;
        for case in 0..200 {
            let big = case % 4 == 0; // a step of h·x far beyond 1e-4: the fallback
            let units: [Unit; LANES] = std::array::from_fn(|_| Unit {
                q: rng.random_range(0.05..20.0),
                z: rng.random_range(0.05..0.95),
                m: std::array::from_fn(|_| rng.random_range(-0.5..0.5)),
                s: 1.7,
                et: 0.3,
                wt: rng.random_range(-0.6..0.6),
            });
            let units = units.map(|u| Unit {
                s: 1.7,
                et: 0.3,
                ..u
            });
            let wmax: [f64; LANES] = std::array::from_fn(|l| units[l].wt.abs().max(0.6));
            let delta = if big {
                rng.random_range(0.5..5.0)
            } else {
                rng.random_range(0.0..1e-4)
            };
            let ems = expm1_pair(delta);
            let (v, redo) = hidden_pairs(&Lanes::of(units), &wmax, ems);
            for l in 0..LANES {
                let fell_back = std::cell::Cell::new(false);
                let scalar = hidden_pair_em(&units[l], wmax[l], ems, |_| {
                    fell_back.set(true);
                    0.5
                });
                if redo & (1 << l) != 0 {
                    marked += 1;
                } else {
                    assert!(
                        !fell_back.get(),
                        "case {case} lane {l}: a fallback not marked"
                    );
                    assert_eq!(v[l].to_bits(), scalar.to_bits(), "case {case} lane {l}");
                    kept += 1;
                }
                if big {
                    assert!(
                        redo & (1 << l) != 0,
                        "case {case} lane {l}: a large move not marked"
                    );
                }
            }
        }
        assert!(marked >= 200 && kept >= 400, "{marked} marked, {kept} kept");
    }

    /// The real sizes: 784-50-10, batch 100, MNIST-like images. The naive
    /// gradient costs 79,520 forward passes, so it is compared on every 7th
    /// W1 entry (5,600 of them) and all the others.
    #[test]
    fn the_fast_local_gradient_is_the_naive_one_on_the_real_net() {
        let m = toy_mnist(300, 9);
        let rows: Vec<usize> = (0..100).map(|i| (i * 7) % 300).collect();
        let mut worst_local = 0.0f64;
        let mut worst_naive = 0.0f64;
        let mut worst_chapter = 0.0f64; // the chapter's local one against naive, on W1
        for (seed, std) in [(0u64, 0.01), (1, 0.5)] {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let net = TwoLayerNet::new(PIXELS, 50, CLASSES, std, &mut rng);
            let x = m.train.x_rows(&rows);
            let t = one_hot_rows(&m.train.labels, &rows);
            let xs = PixelRows::from_dense(x.view());
            let fast = numerical_gradient_local(&net, &xs, &labels_of(t.view()), 2);
            let chapter = local_gradient::numerical_gradient_local(&net, x.view(), t.view());
            for d in fast.max_abs_diff(&chapter) {
                worst_local = worst_local.max(d);
            }
            // the book's loop, one parameter at a time, on the chosen ones
            let loss = |n: &TwoLayerNet| crate::engine::net::loss(n, &xs, t.view());
            let mut nudged = net.clone();
            let central = |f1: f64, f2: f64| (f1 - f2) / (2.0 * H);
            for idx in (0..PIXELS * 50).step_by(7) {
                let (i, j) = (idx / 50, idx % 50);
                let tmp = nudged.w1[[i, j]];
                nudged.w1[[i, j]] = tmp + H;
                let f1 = loss(&nudged);
                nudged.w1[[i, j]] = tmp - H;
                let f2 = loss(&nudged);
                nudged.w1[[i, j]] = tmp;
                worst_naive = worst_naive.max((central(f1, f2) - fast.w1[[i, j]]).abs());
                worst_chapter = worst_chapter.max((central(f1, f2) - chapter.w1[[i, j]]).abs());
            }
            let _ = numerical_gradient_naive; // the whole naive gradient: see net.rs
            for j in 0..50 {
                let tmp = nudged.b1[j];
                nudged.b1[j] = tmp + H;
                let f1 = loss(&nudged);
                nudged.b1[j] = tmp - H;
                let f2 = loss(&nudged);
                nudged.b1[j] = tmp;
                worst_naive = worst_naive.max((central(f1, f2) - fast.b1[j]).abs());
                for k in 0..CLASSES {
                    let tmp = nudged.w2[[j, k]];
                    nudged.w2[[j, k]] = tmp + H;
                    let f1 = loss(&nudged);
                    nudged.w2[[j, k]] = tmp - H;
                    let f2 = loss(&nudged);
                    nudged.w2[[j, k]] = tmp;
                    worst_naive = worst_naive.max((central(f1, f2) - fast.w2[[j, k]]).abs());
                }
            }
            for k in 0..CLASSES {
                let tmp = nudged.b2[k];
                nudged.b2[k] = tmp + H;
                let f1 = loss(&nudged);
                nudged.b2[k] = tmp - H;
                let f2 = loss(&nudged);
                nudged.b2[k] = tmp;
                worst_naive = worst_naive.max((central(f1, f2) - fast.b2[k]).abs());
            }
        }
        eprintln!(
            "784-50-10, batch 100: worst |engine - chapter local| {worst_local:e}, worst |engine - naive| {worst_naive:e}, worst |chapter local - naive| on W1 {worst_chapter:e}"
        );
        assert!(worst_chapter <= 1e-9, "{worst_chapter}");
        assert!(worst_local <= 1e-11, "{worst_local}");
        assert!(worst_naive <= 1e-9, "{worst_naive}");
    }
}

#[cfg(test)]
mod bits {
    use super::*;
    use crate::common::mnist::{CLASSES, PIXELS, one_hot_rows, toy_mnist};
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    /// A fingerprint of every bit of the gradient on 784-50-10, batch 100.
    fn fingerprint(g: &Grads) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for v in g.w1.iter().chain(&g.b1).chain(&g.w2).chain(&g.b2) {
            h = (h ^ v.to_bits()).wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    }

    /// The speed-ups only reorganise the work, never the arithmetic of a
    /// loss or the order of a sum: the gradient's bits are those of the first
    /// version (the fingerprint was recorded from it), with 1, 2 or 3 threads.
    #[test]
    fn the_gradient_keeps_its_bits() {
        let m = toy_mnist(300, 9);
        let rows: Vec<usize> = (0..100).map(|i| (i * 7) % 300).collect();
        let x = PixelRows::from_dense(m.train.x_rows(&rows).view());
        let t = one_hot_rows(&m.train.labels, &rows);
        let mut got = vec![];
        for (seed, std) in [(0u64, 0.01), (1, 0.5)] {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let net = TwoLayerNet::new(PIXELS, 50, CLASSES, std, &mut rng);
            for threads in [1, 2, 3] {
                let labels = labels_of(t.view());
                let g = numerical_gradient_local(&net, &x, &labels, threads);
                got.push(fingerprint(&g));
                // the W1 loop compiled without AVX2 gives the same bits
                let plain =
                    numerical_gradient_local_with(&net, &x, &labels, threads, Kernel::Plain);
                assert_eq!(fingerprint(&plain), fingerprint(&g), "threads {threads}");
            }
        }
        eprintln!("fingerprints: {got:x?}");
        assert_eq!(got, EXPECTED);
    }

    const EXPECTED: [u64; 6] = [
        0x9d4f_9228_2946_c2ab,
        0x9d4f_9228_2946_c2ab,
        0x9d4f_9228_2946_c2ab,
        0x2618_75e4_a59f_09e9,
        0x2618_75e4_a59f_09e9,
        0x2618_75e4_a59f_09e9,
    ];
}
