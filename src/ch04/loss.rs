//! 4.2 Loss functions (손실 함수): one number that says how badly the network does.

use ndarray::{Array1, ArrayBase, ArrayView2, Axis, Data, Dimension, Ix2};

use crate::common::numpy::np_sum_array;

/// The small number added inside `log` so that log(0) = -inf never happens.
pub const DELTA: f64 = 1e-7;

// ANCHOR: mean_squared_error
/// 4.2.1 Sum of squares error: E = 1/2 Σ (y_k - t_k)². The book calls it mean
/// squared error; the 1/2 makes its derivative simply y - t.
pub fn mean_squared_error<S, T, D>(y: &ArrayBase<S, D>, t: &ArrayBase<T, D>) -> f64
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
    D: Dimension,
{
    0.5 * np_sum_array(&(y - t).mapv(|d| d.powi(2)))
}
// ANCHOR_END: mean_squared_error

// ANCHOR: mean_squared_error_mean
/// 4.2.1, the variant many readers write: `np.mean((y - t)**2)`. The same squares,
/// divided by their number (10 here) instead of multiplied by 1/2.
pub fn mean_squared_error_mean<S, T, D>(y: &ArrayBase<S, D>, t: &ArrayBase<T, D>) -> f64
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
    D: Dimension,
{
    np_sum_array(&(y - t).mapv(|d| d.powi(2))) / y.len() as f64
}
// ANCHOR_END: mean_squared_error_mean

// ANCHOR: cross_entropy_error
/// 4.2.2 Cross-entropy error: E = -Σ t_k log(y_k + δ). With a one-hot t only the
/// correct class counts, and the loss is -log of the probability given to it.
pub fn cross_entropy_error<S, T, D>(y: &ArrayBase<S, D>, t: &ArrayBase<T, D>) -> f64
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
    D: Dimension,
{
    -np_sum_array(&(t * &y.mapv(|v| (v + DELTA).ln())))
}
// ANCHOR_END: cross_entropy_error

/// The one-hot form with a chosen delta. With `delta = 0.0` and a one-hot `t`, every
/// wrong class whose output is exactly 0 contributes 0 * log(0) = 0 * (-inf) = NaN,
/// so the whole loss is NaN even when the right class got 0.6: the delta is needed
/// for the zeros of the *wrong* classes too, not only when the right class gets 0.
pub fn cross_entropy_error_with_delta<S, T, D>(
    y: &ArrayBase<S, D>,
    t: &ArrayBase<T, D>,
    delta: f64,
) -> f64
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
    D: Dimension,
{
    -np_sum_array(&(t * &y.mapv(|v| (v + delta).ln())))
}

/// A 1-D output is a batch of one: view it as a single row.
fn as_batch<S, D>(y: &ArrayBase<S, D>) -> ArrayView2<'_, f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    let v = y.view().into_dyn();
    match v.ndim() {
        1 => v.insert_axis(Axis(0)).into_dimensionality::<Ix2>().unwrap(),
        2 => v.into_dimensionality::<Ix2>().unwrap(),
        n => panic!("cross-entropy expects a 1-D output or a 2-D batch, got {n}-D"),
    }
}

// ANCHOR: cross_entropy_error_batch
/// 4.2.4 Mini-batch cross-entropy with one-hot labels: the sum over every row,
/// divided by the number of rows, so the loss does not grow with the batch size.
pub fn cross_entropy_error_batch<S, T, D>(y: &ArrayBase<S, D>, t: &ArrayBase<T, D>) -> f64
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
    D: Dimension,
{
    let (y, t) = (as_batch(y), as_batch(t));
    let batch_size = y.nrows() as f64;
    -np_sum_array(&(&t * &y.mapv(|v| (v + DELTA).ln()))) / batch_size
}
// ANCHOR_END: cross_entropy_error_batch

/// The mini-batch one-hot form with a chosen delta (`delta = 0.0`: the exact loss
/// whose gradient backpropagation computes).
pub fn cross_entropy_error_batch_with_delta<S, T, D>(
    y: &ArrayBase<S, D>,
    t: &ArrayBase<T, D>,
    delta: f64,
) -> f64
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
    D: Dimension,
{
    let (y, t) = (as_batch(y), as_batch(t));
    let batch_size = y.nrows() as f64;
    -np_sum_array(&(&t * &y.mapv(|v| (v + delta).ln()))) / batch_size
}

// ANCHOR: cross_entropy_error_labels
/// 4.2.4 Mini-batch cross-entropy with labels (t = [2, 7, ...]): pick each row's
/// output for its correct class, y[i, t[i]], and average -log of it.
pub fn cross_entropy_error_labels<S, D>(y: &ArrayBase<S, D>, t: &[usize]) -> f64
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    let y = as_batch(y);
    assert_eq!(y.nrows(), t.len(), "one label per row of y");
    let batch_size = y.nrows();
    // ANCHOR: pick_labels
    // y[np.arange(batch_size), t]: from row i, the output at column t[i]
    let picked = Array1::from_iter((0..batch_size).map(|i| y[[i, t[i]]]));
    // ANCHOR_END: pick_labels
    -np_sum_array(&picked.mapv(|p| (p + DELTA).ln())) / batch_size as f64
}
// ANCHOR_END: cross_entropy_error_labels

/// The label form with a chosen delta. With `delta = 0.0` it is the version the
/// book's repository had before it added the delta, which printed the book's 4.4.2 numbers.
pub fn cross_entropy_error_labels_with_delta<S, D>(
    y: &ArrayBase<S, D>,
    t: &[usize],
    delta: f64,
) -> f64
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    let y = as_batch(y);
    assert_eq!(y.nrows(), t.len(), "one label per row of y");
    let batch_size = y.nrows();
    let picked = Array1::from_iter((0..batch_size).map(|i| y[[i, t[i]]]));
    -np_sum_array(&picked.mapv(|p| (p + delta).ln())) / batch_size as f64
}

/// The class of each one-hot row (`t.argmax(axis=1)`).
pub fn argmax_rows<S, D>(t: &ArrayBase<S, D>) -> Vec<usize>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    as_batch(t)
        .rows()
        .into_iter()
        .map(|row| {
            let mut best = 0;
            for (k, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = k;
                }
            }
            best
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::{arr1, arr2};

    fn book() -> (
        ndarray::Array1<f64>,
        ndarray::Array1<f64>,
        ndarray::Array1<f64>,
    ) {
        let t = arr1(&[0., 0., 1., 0., 0., 0., 0., 0., 0., 0.]);
        let y1 = arr1(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
        let y2 = arr1(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);
        (t, y1, y2)
    }

    #[test]
    fn squared_error_is_zero_for_a_perfect_answer_and_half_the_sum() {
        let (t, y1, _) = book();
        assert_eq!(mean_squared_error(&t, &t), 0.0);
        let plain: f64 = y1.iter().zip(&t).map(|(a, b)| (a - b).powi(2)).sum();
        assert_abs_diff_eq!(mean_squared_error(&y1, &t), 0.5 * plain, epsilon = 1e-15);
    }

    #[test]
    fn delta_keeps_the_loss_finite_at_zero() {
        let t = arr1(&[0., 1.]);
        let y = arr1(&[1.0, 0.0]);
        let e = cross_entropy_error(&y, &t);
        assert!(e.is_finite());
        assert_abs_diff_eq!(e, -(1e-7f64).ln(), epsilon = 1e-12);
        assert!(cross_entropy_error_labels_with_delta(&y, &[1], 0.0).is_infinite());
    }

    #[test]
    fn batch_is_the_mean_of_single_rows() {
        let (t, y1, y2) = book();
        let y = ndarray::stack(Axis(0), &[y1.view(), y2.view()]).unwrap();
        let tt = ndarray::stack(Axis(0), &[t.view(), t.view()]).unwrap();
        let mean = (cross_entropy_error(&y1, &t) + cross_entropy_error(&y2, &t)) / 2.0;
        assert_abs_diff_eq!(cross_entropy_error_batch(&y, &tt), mean, epsilon = 1e-15);
        assert_abs_diff_eq!(
            cross_entropy_error_labels(&y, &[2, 2]),
            mean,
            epsilon = 1e-15
        );
    }

    #[test]
    fn the_label_form_is_the_delta_form_at_delta_and_the_old_pick_bit_for_bit() {
        let (_, y1, y2) = book();
        let y = ndarray::stack(Axis(0), &[y1.view(), y2.view(), y1.view()]).unwrap();
        let t = [2, 7, 0];
        let e = cross_entropy_error_labels(&y, &t);
        assert_eq!(e, cross_entropy_error_labels_with_delta(&y, &t, DELTA));
        // the form it replaced: an enumerate over the labels into a Vec, NumPy's sum
        let old: Vec<f64> = t
            .iter()
            .enumerate()
            .map(|(i, &k)| (y[[i, k]] + DELTA).ln())
            .collect();
        assert_eq!(e, -crate::common::numpy::np_sum(&old) / 3.0);
    }

    #[test]
    fn a_1d_input_is_a_batch_of_one() {
        let (t, y1, _) = book();
        assert_eq!(
            cross_entropy_error_batch(&y1, &t),
            cross_entropy_error(&y1, &t)
        );
        assert_eq!(
            cross_entropy_error_labels(&y1, &[2]),
            cross_entropy_error(&y1, &t)
        );
    }

    #[test]
    fn argmax_rows_turns_one_hot_into_labels() {
        assert_eq!(
            argmax_rows(&arr2(&[[0., 1., 0.], [1., 0., 0.]])),
            vec![1, 0]
        );
    }
}
