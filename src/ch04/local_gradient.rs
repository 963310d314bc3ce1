//! 4.5.4 The numerical gradient, redoing only what a nudge changes (국소성,
//! locality). Still the central difference (L(W + h) - L(W - h)) / 2h for every
//! parameter with h = 1e-4: nothing here is backpropagation. What changes is how
//! L(W ± h) is found: not with a whole new forward pass, but from the values the
//! one forward pass at W left behind.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::ch04::loss::cross_entropy_error;
use crate::ch04::two_layer_net::{Grads, TwoLayerNet};
use crate::common::functions::{sigmoid, softmax};
use crate::common::numpy::dot;

// ANCHOR: cache
/// What one forward pass at the current parameters leaves behind, per image
/// (row): the hidden pre-activations a1 = x·W1 + b1, the hidden outputs
/// z1 = sigmoid(a1), and the output logits a2 = z1·W2 + b2.
pub struct Forward {
    pub a1: Array2<f64>,
    pub z1: Array2<f64>,
    pub a2: Array2<f64>,
}

impl Forward {
    pub fn new(net: &TwoLayerNet, x: ArrayView2<f64>) -> Self {
        let a1 = dot(x, net.w1.view()) + &net.b1;
        let z1 = a1.mapv(sigmoid);
        let a2 = dot(z1.view(), net.w2.view()) + &net.b2;
        Forward { a1, z1, a2 }
    }
}

/// One image's loss from its logits: softmax, then cross-entropy with its
/// one-hot label. The batch loss is the mean of these over the rows.
pub fn row_loss(a2_row: Array1<f64>, t_row: ArrayView1<f64>) -> f64 {
    cross_entropy_error(&softmax(&a2_row), &t_row)
}
// ANCHOR_END: cache

// ANCHOR: hidden_nudge
/// Image r's loss when hidden unit j's pre-activation moves by `delta`.
/// Only z1[r, j] changes, so each logit moves by (z1' - z1[r, j]) · W2[j, k];
/// the other 49 hidden units of this image, and every other image, stay put.
fn loss_hidden_moved(
    c: &Forward,
    w2: &Array2<f64>,
    t: ArrayView2<f64>,
    r: usize,
    j: usize,
    delta: f64,
) -> f64 {
    let z_new = sigmoid(c.a1[[r, j]] + delta);
    let dz = z_new - c.z1[[r, j]];
    let a2_row = &c.a2.row(r) + &(dz * &w2.row(j));
    row_loss(a2_row, t.row(r))
}

/// Image r's loss when output k's logit moves by `delta`: nothing else changes.
fn loss_output_moved(c: &Forward, t: ArrayView2<f64>, r: usize, k: usize, delta: f64) -> f64 {
    let mut a2_row = c.a2.row(r).to_owned();
    a2_row[k] += delta;
    row_loss(a2_row, t.row(r))
}
// ANCHOR_END: hidden_nudge

// ANCHOR: local_gradient
/// `net.numerical_gradient(x, t)`, computed locally. For each parameter the
/// images it cannot affect have the same loss at W + h and at W - h, so they
/// cancel in L(W + h) - L(W - h): only the changed images are added up.
pub fn numerical_gradient_local(
    net: &TwoLayerNet,
    x: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Grads {
    let h = 1e-4; // 0.0001, as in numerical_gradient
    let n = x.nrows() as f64;
    let c = Forward::new(net, x); // the one forward pass at W
    let (pixels, hidden) = net.w1.dim();
    let classes = net.w2.ncols();
    // (L(W+h) - L(W-h)) / 2h, from the sum over the changed images of
    // (their loss at W+h) - (their loss at W-h)
    let central = |changed_sum: f64| (changed_sum / n) / (2.0 * h);

    // W1[i, j]: a1[r, j] moves by ±h·x[r, i]; an image whose pixel i is 0 does
    // not move at all, and a pixel that is 0 in every image gets exactly 0.
    let mut w1 = Array2::zeros((pixels, hidden));
    for i in 0..pixels {
        for j in 0..hidden {
            let mut sum = 0.0;
            for r in 0..x.nrows() {
                let xi = x[[r, i]];
                if xi != 0.0 {
                    let plus = loss_hidden_moved(&c, &net.w2, t, r, j, h * xi);
                    let minus = loss_hidden_moved(&c, &net.w2, t, r, j, -h * xi);
                    sum += plus - minus;
                }
            }
            w1[[i, j]] = central(sum);
        }
    }
    // b1[j]: a1[r, j] moves by ±h in every image.
    let b1 = Array1::from_shape_fn(hidden, |j| {
        let sum: f64 = (0..x.nrows())
            .map(|r| {
                loss_hidden_moved(&c, &net.w2, t, r, j, h)
                    - loss_hidden_moved(&c, &net.w2, t, r, j, -h)
            })
            .sum();
        central(sum)
    });
    // W2[j, k]: only output k's logit moves, by ±h·z1[r, j].
    let w2 = Array2::from_shape_fn((hidden, classes), |(j, k)| {
        let sum: f64 = (0..x.nrows())
            .map(|r| {
                let dz = h * c.z1[[r, j]];
                loss_output_moved(&c, t, r, k, dz) - loss_output_moved(&c, t, r, k, -dz)
            })
            .sum();
        central(sum)
    });
    // b2[k]: output k's logit moves by ±h in every image.
    let b2 = Array1::from_shape_fn(classes, |k| {
        let sum: f64 = (0..x.nrows())
            .map(|r| loss_output_moved(&c, t, r, k, h) - loss_output_moved(&c, t, r, k, -h))
            .sum();
        central(sum)
    });
    Grads { w1, b1, w2, b2 }
}
// ANCHOR_END: local_gradient

/// How much work each way does for one gradient, counted, not timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Work {
    pub params: usize,
    /// Loss evaluations of a whole batch (naive) or of one image (local).
    pub naive_batch_losses: usize,
    pub local_image_losses: usize,
    /// Multiply-adds of the dot products x·W1 and z1·W2 (naive: one forward
    /// pass per nudge, dense; local: one forward pass, then per changed image
    /// the 10 logits moved).
    pub naive_multiply_adds: usize,
    pub local_multiply_adds: usize,
    /// Pixels that are 0 in every image of the batch: their W1 rows get 0.
    pub blank_pixels: usize,
}

/// Counts the work for a net of these sizes on the batch x.
pub fn count_work(net: &TwoLayerNet, x: ArrayView2<f64>) -> Work {
    let (pixels, hidden) = net.w1.dim();
    let classes = net.w2.ncols();
    let n = x.nrows();
    let params = net.param_count();
    let nonzero = x.iter().filter(|&&v| v != 0.0).count();
    let blank_pixels = x
        .axis_iter(Axis(1))
        .filter(|col| col.iter().all(|&v| v == 0.0))
        .count();
    let forward = n * pixels * hidden + n * hidden * classes;
    // W1: 2 per (nonzero pixel, hidden unit); b1, W2, b2: 2 per image
    let local_image_losses = 2 * (nonzero * hidden + n * (hidden + hidden * classes + classes));
    Work {
        params,
        naive_batch_losses: 2 * params,
        local_image_losses,
        naive_multiply_adds: 2 * params * forward,
        local_multiply_adds: forward + 2 * (nonzero * hidden + n * hidden) * classes,
        blank_pixels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::mnist::toy_batch;
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn the_local_gradient_is_the_naive_numerical_gradient() {
        let mut worst = 0.0f64;
        for (seed, (n, d, hid, c, std)) in [
            (0, (6, 8, 5, 3, 1.0)),
            (1, (20, 30, 7, 4, 0.1)),
            (2, (1, 12, 50, 10, 0.01)),
            (3, (13, 25, 9, 10, 2.0)),
        ] {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut net = TwoLayerNet::new(d, hid, c, std, &mut rng);
            net.b1.mapv_inplace(|_| rng.random_range(-1.0..1.0));
            net.b2.mapv_inplace(|_| rng.random_range(-1.0..1.0));
            let (mut x, t) = toy_batch(n, d, c, &mut rng);
            x.column_mut(1).fill(0.0); // a pixel blank in every image
            let naive = net.numerical_gradient(x.view(), t.view());
            let local = numerical_gradient_local(&net, x.view(), t.view());
            assert!(local.w1.row(1).iter().all(|&g| g == 0.0));
            assert!(naive.w1.row(1).iter().all(|&g| g == 0.0));
            for d in local.max_abs_diff(&naive) {
                assert!(d <= 1e-9, "seed {seed}: {d}");
                worst = worst.max(d);
            }
        }
        eprintln!("worst |local - naive| on the small nets: {worst:e}");
    }

    #[test]
    fn the_work_is_counted() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let net = TwoLayerNet::new(4, 3, 2, 0.1, &mut rng);
        let x = ndarray::arr2(&[[0.0, 1.0, 0.0, 0.5], [0.0, 0.0, 0.0, 0.25]]);
        let w = count_work(&net, x.view());
        assert_eq!(w.params, 4 * 3 + 3 + 3 * 2 + 2);
        assert_eq!(w.naive_batch_losses, 2 * 23);
        assert_eq!(w.blank_pixels, 2);
        assert_eq!(w.local_image_losses, 2 * (3 * 3 + 2 * (3 + 6 + 2)));
    }
}
