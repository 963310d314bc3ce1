//! [`TwoLayerNet`]'s forward pass, loss, accuracy and gradients on images in
//! sparse form ([`PixelRows`]): the zero pixels (about 81 % of MNIST's) are
//! skipped, the products go through the engine's FMA kernels, and accuracy is
//! counted on every core. Each gives the chapter's method's result bit for bit
//! (tests below): a skipped term is a 0 · w that would have added nothing.

use std::ops::Range;

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};

use crate::ch04::gradient::numerical_gradient;
use crate::ch04::loss::{argmax_rows, cross_entropy_error_batch};
use crate::ch04::two_layer_net::{Grads, TwoLayerNet};
use crate::common::functions::{sigmoid, softmax};
use crate::engine::sparse::{PixelRows, dense_dot, sparse_dot, sparse_dot_into};

/// The parameters, some of them replaced (for the numerical gradient).
#[derive(Clone)]
struct Params<'a> {
    w1: ArrayView2<'a, f64>,
    b1: ArrayView1<'a, f64>,
    w2: ArrayView2<'a, f64>,
    b2: ArrayView1<'a, f64>,
}

impl<'a> Params<'a> {
    fn of(net: &'a TwoLayerNet) -> Self {
        Params {
            w1: net.w1.view(),
            b1: net.b1.view(),
            w2: net.w2.view(),
            b2: net.b2.view(),
        }
    }
}

/// What the forward pass leaves for the backward pass.
struct Forward {
    z1: Array2<f64>,
    y: Array2<f64>,
}

/// Rows `rows` of x through the net, as `TwoLayerNet::predict`.
fn forward(p: Params, x: &PixelRows, rows: Range<usize>) -> Forward {
    let (n, hidden) = (rows.len(), p.w1.ncols());
    let w1 = p.w1.as_standard_layout();
    let mut a1 = vec![0.0; n * hidden];
    sparse_dot_into(x, rows, w1.as_slice().unwrap(), hidden, &mut a1);
    let mut a1 = Array2::from_shape_vec((n, hidden), a1).unwrap();
    a1 += &p.b1;
    let z1 = a1.mapv(sigmoid);
    let mut a2 = dense_dot(z1.view(), p.w2);
    a2 += &p.b2;
    let y = softmax(&a2);
    Forward { z1, y }
}

/// `net.predict(x)`.
pub fn predict(net: &TwoLayerNet, x: &PixelRows) -> Array2<f64> {
    forward(Params::of(net), x, 0..x.nrows()).y
}

/// `net.loss(x, t)`.
pub fn loss(net: &TwoLayerNet, x: &PixelRows, t: ArrayView2<f64>) -> f64 {
    cross_entropy_error_batch(&predict(net, x), &t)
}

/// `net.accuracy(x, t)` with labels (not one-hot). The rows are split across
/// the CPU's threads; each row's answer does not depend on the split, and the
/// count of right answers is an integer, so the result is the same with any
/// number of threads.
pub fn accuracy(net: &TwoLayerNet, x: &PixelRows, labels: &[usize]) -> f64 {
    assert_eq!(x.nrows(), labels.len(), "one label per row");
    let n = x.nrows();
    if n == 0 {
        return f64::NAN; // 0 / 0, as the chapter's accuracy
    }
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    let chunk = n.div_ceil(threads);
    let correct: usize = std::thread::scope(|s| {
        let workers: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|lo| {
                let hi = (lo + chunk).min(n);
                s.spawn(move || count_correct(net, x, labels, lo..hi))
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    correct as f64 / n as f64
}

/// How many of rows `rows` are classified right, in blocks that stay in cache.
fn count_correct(net: &TwoLayerNet, x: &PixelRows, labels: &[usize], rows: Range<usize>) -> usize {
    // 256 rows x 50 hidden x 8 bytes = 100 KB per temporary: small enough for
    // the allocator to reuse, where larger ones are mapped and unmapped each time.
    const BLOCK_ROWS: usize = 256;
    let mut correct = 0;
    let mut lo = rows.start;
    while lo < rows.end {
        let hi = (lo + BLOCK_ROWS).min(rows.end);
        let y = forward(Params::of(net), x, lo..hi).y;
        correct += argmax_rows(&y)
            .iter()
            .zip(&labels[lo..hi])
            .filter(|(p, l)| p == l)
            .count();
        lo = hi;
    }
    correct
}

/// `net.gradient(x, t)`: backpropagation, as the chapter writes it.
pub fn gradient(net: &TwoLayerNet, x: &PixelRows, t: ArrayView2<f64>) -> Grads {
    let batch_num = x.nrows() as f64;
    let Forward { z1, y } = forward(Params::of(net), x, 0..x.nrows());
    let dy = (&y - &t) / batch_num;
    let w2 = dense_dot(z1.t(), dy.view());
    let b2 = dy.sum_axis(Axis(0));
    let dz1 = dense_dot(dy.view(), net.w2.t());
    // sigmoid_grad(a1) = (1 - sigmoid(a1)) sigmoid(a1) = (1 - z1) z1: the same
    // bits, without computing the exponentials again.
    let da1 = (1.0 - &z1) * &z1 * &dz1;
    let w1 = sparse_dot(&x.transpose(), da1.view()); // x^T · da1
    let b1 = da1.sum_axis(Axis(0));
    Grads { w1, b1, w2, b2 }
}

/// `net.numerical_gradient(x, t)`: every parameter nudged by ±h, a whole
/// forward pass for each nudge (the book's way, with the sparse forward pass).
pub fn numerical_gradient_naive(net: &TwoLayerNet, x: &PixelRows, t: ArrayView2<f64>) -> Grads {
    let rows = 0..x.nrows();
    let loss = |p: Params| cross_entropy_error_batch(&forward(p, x, rows.clone()).y, &t);
    let p = Params::of(net);
    Grads {
        w1: numerical_gradient(
            |w| {
                loss(Params {
                    w1: w.view(),
                    ..p.clone()
                })
            },
            &mut net.w1.clone(),
        ),
        b1: numerical_gradient(
            |b| {
                loss(Params {
                    b1: b.view(),
                    ..p.clone()
                })
            },
            &mut net.b1.clone(),
        ),
        w2: numerical_gradient(
            |w| {
                loss(Params {
                    w2: w.view(),
                    ..p.clone()
                })
            },
            &mut net.w2.clone(),
        ),
        b2: numerical_gradient(
            |b| {
                loss(Params {
                    b2: b.view(),
                    ..p.clone()
                })
            },
            &mut net.b2.clone(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::mnist::toy_batch;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    fn bits(g: &Grads) -> Vec<u64> {
        g.w1.iter()
            .chain(&g.b1)
            .chain(&g.w2)
            .chain(&g.b2)
            .map(|v| v.to_bits())
            .collect()
    }

    #[test]
    fn every_method_gives_the_chapters_bits() {
        for (seed, (n, d, h, c)) in [(0, (6, 8, 5, 3)), (1, (20, 30, 7, 4)), (2, (1, 12, 50, 10))] {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let net = TwoLayerNet::new(d, h, c, 1.0, &mut rng);
            let (x, t) = toy_batch(n, d, c, &mut rng);
            let x = crate::engine::sparse::pixel_like(x);
            let xs = PixelRows::from_dense(x.view());
            let y = net.predict(x.view());
            assert_eq!(
                predict(&net, &xs)
                    .iter()
                    .map(|v| v.to_bits())
                    .collect::<Vec<_>>(),
                y.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
            );
            assert_eq!(
                loss(&net, &xs, t.view()).to_bits(),
                net.loss(x.view(), t.view()).to_bits()
            );
            assert_eq!(
                accuracy(&net, &xs, &argmax_rows(&t)),
                net.accuracy(x.view(), t.view())
            );
            assert_eq!(
                bits(&gradient(&net, &xs, t.view())),
                bits(&net.gradient(x.view(), t.view()))
            );
            assert_eq!(
                bits(&numerical_gradient_naive(&net, &xs, t.view())),
                bits(&net.numerical_gradient(x.view(), t.view()))
            );
        }
    }

    #[test]
    fn threaded_accuracy_counts_like_one_thread() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let net = TwoLayerNet::new(20, 7, 4, 1.0, &mut rng);
        let (x, t) = toy_batch(1500, 20, 4, &mut rng);
        let x = crate::engine::sparse::pixel_like(x);
        let xs = PixelRows::from_dense(x.view());
        assert_eq!(
            accuracy(&net, &xs, &argmax_rows(&t)),
            net.accuracy(x.view(), t.view())
        );
    }
}
