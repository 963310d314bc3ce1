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
        // x (1 + x/2 + x²/6 + ... + x⁶/5040), multiplications only
        let p = 1.0 / 720.0 + x * (1.0 / 5040.0);
        let p = 1.0 / 120.0 + x * p;
        let p = 1.0 / 24.0 + x * p;
        let p = 1.0 / 6.0 + x * p;
        let p = 0.5 + x * p;
        let p = 1.0 + x * p;
        x * p
    } else {
        x.exp_m1()
    }
}

/// ln(1 + u) for |u| ≤ 1e-3 by its series (left-out terms below 1e-21 of the
/// result), else the library's.
#[inline(always)]
fn ln1p_small(u: f64) -> f64 {
    if u.abs() <= 1e-3 {
        let p = 1.0 / 7.0 - u / 8.0;
        let p = 1.0 / 6.0 - u * p;
        let p = 1.0 / 5.0 - u * p;
        let p = 1.0 / 4.0 - u * p;
        let p = 1.0 / 3.0 - u * p;
        let p = 1.0 / 2.0 - u * p;
        let p = 1.0 - u * p;
        u * p
    } else {
        u.ln_1p()
    }
}

/// One thread's W1 columns ([j][i]) and b1 entries.
type Columns = (Vec<f64>, Vec<f64>);

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
        let m = &u.m;
        let p = m[6];
        let p = m[5] + d * p;
        let p = m[4] + d * p;
        let p = m[3] + d * p;
        let p = m[2] + d * p;
        let p = m[1] + d * p;
        let p = m[0] + d * p;
        let s = u.s + d * p;
        let et = u.et + u.et * expm1_small(d * u.wt);
        et / s
    };
    let (yp, ym) = (y(ems.0), y(ems.1));
    ln1p_small((ym - yp) / (yp + DELTA))
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

    // W1 and b1, hidden units split across threads
    let threads = threads.clamp(1, hidden.max(1));
    let chunk = hidden.div_ceil(threads);
    let work = |js: std::ops::Range<usize>| -> Columns {
        let mut w1 = vec![0.0; js.len() * pixels]; // [j][i]
        let mut b1 = vec![0.0; js.len()];
        let mut units = vec![Unit::default(); n];
        for (jj, j) in js.clone().enumerate() {
            let w2j = net.w2.row(j);
            let wmax = w2j.iter().fold(0.0f64, |m, &w| m.max(w.abs()));
            for (r, u) in units.iter_mut().enumerate() {
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
                *u = Unit {
                    q: (-a1[[r, j]]).exp(),
                    z: z1[[r, j]],
                    m,
                    s: rows.s[r],
                    et: rows.e[[r, t]],
                    wt: w2j[t],
                };
            }
            // the rare large move: the exponentials directly
            let fallback = |r: usize| {
                let rows = &rows;
                move |d: f64| {
                    let a = rows.a2.row(r);
                    let s: f64 = (0..classes)
                        .map(|k| (a[k] + d * w2j[k] - rows.c[r]).exp())
                        .sum();
                    let t = rows.label[r];
                    (a[t] + d * w2j[t] - rows.c[r]).exp() / s
                }
            };
            for i in 0..pixels {
                let mut sum = 0.0;
                let (rs, bytes) = xt.row(i);
                for (&r, &b) in rs.iter().zip(bytes) {
                    let r = r as usize;
                    sum += hidden_pair_em(&units[r], wmax, ems[b as usize], fallback(r));
                }
                w1[jj * pixels + i] = central(sum);
            }
            let sum: f64 = (0..n)
                .map(|r| hidden_pair(&units[r], wmax, H, fallback(r)))
                .sum();
            b1[jj] = central(sum);
        }
        (w1, b1)
    };
    let parts: Vec<(std::ops::Range<usize>, Columns)> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..hidden)
            .step_by(chunk.max(1))
            .map(|lo| {
                let js = lo..(lo + chunk).min(hidden);
                let work = &work;
                (js.clone(), sc.spawn(move || work(js)))
            })
            .collect();
        handles
            .into_iter()
            .map(|(js, h)| (js, h.join().unwrap()))
            .collect()
    });
    let mut w1 = Array2::zeros((pixels, hidden));
    let mut b1 = Array1::zeros(hidden);
    for (js, (w, b)) in parts {
        for (jj, j) in js.enumerate() {
            for i in 0..pixels {
                w1[[i, j]] = w[jj * pixels + i];
            }
            b1[j] = b[jj];
        }
    }

    // W2 and b2: one logit moves by ±δ; S' = S + E_k expm1(±δ)
    let output_pair = |r: usize, k: usize, delta: f64| {
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
    };
    let w2 = Array2::from_shape_fn((hidden, classes), |(j, k)| {
        central((0..n).map(|r| output_pair(r, k, H * z1[[r, j]])).sum())
    });
    let b2 = Array1::from_shape_fn(classes, |k| {
        central((0..n).map(|r| output_pair(r, k, H)).sum())
    });
    Grads { w1, b1, w2, b2 }
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
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

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
                let g = numerical_gradient_local(&net, &x, &labels_of(t.view()), threads);
                got.push(fingerprint(&g));
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
