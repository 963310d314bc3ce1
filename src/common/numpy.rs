//! Printing and summing the way NumPy does, so the book's digits come out of our code.
//!
//! Two things decide whether a printed number matches the book to the last digit:
//! the order in which a sum is added up, and how the result is turned into text.

use ndarray::{Array2, ArrayBase, ArrayView2, Data, Dimension};

// ANCHOR: np_sum
/// `np.sum` for float64: NumPy adds a contiguous array pairwise. Below 8 elements
/// it adds left to right; up to 128 it keeps 8 running partial sums and combines
/// them as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)); above 128 it splits in two halves.
/// Floating-point addition is not associative, so the order shows in the last digit.
pub fn np_sum(a: &[f64]) -> f64 {
    let n = a.len();
    if n < 8 {
        let mut res = 0.0;
        for &v in a {
            res += v;
        }
        res
    } else if n <= 128 {
        let mut r = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
        let mut i = 8;
        while i < n - (n % 8) {
            for j in 0..8 {
                r[j] += a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += a[i];
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        np_sum(&a[..n2]) + np_sum(&a[n2..])
    }
}
// ANCHOR_END: np_sum

// ANCHOR: dot
/// `np.dot(a, b)` for two matrices: out[i, j] = Σ_k a[i, k] · b[k, j].
/// NumPy hands this to a BLAS library, which splits and reorders the sums as it
/// likes; here each sum runs k = 0, 1, 2, ... in order, each term added with one
/// fused multiply-add (`mul_add`: a·b + c rounded once), so the result is the
/// same bits on every computer.
pub fn dot(a: ArrayView2<f64>, b: ArrayView2<f64>) -> Array2<f64> {
    assert_eq!(
        a.ncols(),
        b.nrows(),
        "np.dot(a, b) needs a's columns = b's rows"
    );
    let mut out = Array2::zeros((a.nrows(), b.ncols()));
    for (a_i, mut out_i) in a.rows().into_iter().zip(out.rows_mut()) {
        for (&a_ik, b_k) in a_i.iter().zip(b.rows()) {
            out_i.zip_mut_with(&b_k, |o, &b_kj| *o = a_ik.mul_add(b_kj, *o));
        }
    }
    out
}
// ANCHOR_END: dot

/// The moving average over `window` values: element `i` is the mean of
/// `xs[i..i + window]`, as `np.mean` computes it (pairwise [`np_sum`], then one
/// division), so there are `xs.len() - window + 1` of them, the same as
/// `np.convolve(xs, np.ones(window) / window, mode='valid')` up to rounding.
/// A noisy curve such as the mini-batch loss reads better through it. Empty
/// when `window` is 0 or longer than `xs`.
pub fn moving_average(xs: &[f64], window: usize) -> Vec<f64> {
    if window == 0 {
        return Vec::new();
    }
    xs.windows(window)
        .map(|w| np_sum(w) / window as f64)
        .collect()
}

/// Plain left-to-right sum, the order a `for` loop (or Python's `sum`) uses.
pub fn sequential_sum(a: &[f64]) -> f64 {
    a.iter().fold(0.0, |acc, &v| acc + v)
}

/// `np.sum` of a whole array (of any shape), in its logical (C) order.
pub fn np_sum_array<S, D>(a: &ArrayBase<S, D>) -> f64
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    match a.as_slice() {
        Some(s) => np_sum(s),
        None => np_sum(&a.iter().copied().collect::<Vec<_>>()),
    }
}

/// A float as Python's `repr` prints it: the shortest text that reads back as the
/// same number, in scientific notation below 1e-4 and from 1e16 on.
pub fn py_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let (neg, digits, exp) = shortest_digits(x);
    let sign = if neg { "-" } else { "" };
    if (-4..16).contains(&exp) {
        format!("{sign}{}", positional(&digits, exp, true))
    } else {
        let mant = if digits.len() == 1 {
            digits.clone()
        } else {
            format!("{}.{}", &digits[..1], &digits[1..])
        };
        format!(
            "{sign}{mant}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    }
}

/// The shortest round-trip digits of |x| and the decimal exponent of the first digit.
fn shortest_digits(x: f64) -> (bool, String, i32) {
    let s = format!("{:e}", x.abs());
    let (mant, exp) = s.split_once('e').expect("`{:e}` always has an exponent");
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    (
        x.is_sign_negative(),
        digits,
        exp.parse().expect("exponent is an integer"),
    )
}

/// Digits d1d2d3... with the first digit at 10^exp, written without an exponent.
fn positional(digits: &str, exp: i32, point_zero: bool) -> String {
    let n = digits.len() as i32;
    if exp < 0 {
        format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
    } else if exp + 1 >= n {
        let int = format!("{}{}", digits, "0".repeat((exp + 1 - n) as usize));
        if point_zero {
            format!("{int}.0")
        } else {
            format!("{int}.")
        }
    } else {
        let (i, f) = digits.split_at((exp + 1) as usize);
        format!("{i}.{f}")
    }
}

/// One value as NumPy's `dragon4_positional(x, precision=8, unique=True, trim='.')`:
/// the shortest round-trip digits, cut (and rounded) at 8 decimals if longer.
fn np_positional(x: f64, precision: usize) -> String {
    let s = if x == 0.0 {
        "0.".to_string()
    } else {
        let (neg, digits, exp) = shortest_digits(x);
        let frac_len = (digits.len() as i32 - exp - 1).max(0) as usize;
        let body = if frac_len <= precision {
            positional(&digits, exp, false)
        } else {
            let rounded = format!("{:.*}", precision, x.abs());
            let t = rounded.trim_end_matches('0');
            t.to_string()
        };
        format!("{}{}", if neg { "-" } else { "" }, body)
    };
    // a value that rounds to an integer keeps its point: "6."
    if s.contains('.') { s } else { format!("{s}.") }
}

/// One value as NumPy's `dragon4_scientific(x, precision=8, unique=True, trim='.')`:
/// (mantissa, exponent) with the mantissa's trailing zeros trimmed.
fn np_scientific(x: f64, precision: usize) -> (String, i32) {
    if x == 0.0 {
        return ("0.".into(), 0);
    }
    let (neg, digits, exp) = shortest_digits(x);
    let sign = if neg { "-" } else { "" };
    if digits.len() - 1 <= precision {
        let m = format!("{}.{}", &digits[..1], &digits[1..]);
        (format!("{sign}{m}"), exp)
    } else {
        let s = format!("{:.*e}", precision, x.abs());
        let (m, e) = s.split_once('e').expect("`{:e}` always has an exponent");
        let m = m.trim_end_matches('0');
        (
            format!("{sign}{m}"),
            e.parse().expect("exponent is an integer"),
        )
    }
}

// ANCHOR: array_format
/// An array as NumPy prints it by default (`print(a)`): at most 8 digits after
/// the point (`precision=8`, not 8 significant digits), shortest digits that
/// still identify each value, one shared width, and scientific notation when
/// the values span more than 1e3 or reach 1e8 or fall
/// below 1e-4. This is why the book shows `[6. 8.]` and `[-6.11110793e-10  8.14814391e-10]`.
pub fn format_array<S, D>(a: &ArrayBase<S, D>) -> String
where
    S: Data<Elem = f64>,
    D: Dimension,
    // ANCHOR_END: array_format
{
    const PRECISION: usize = 8;
    let vals: Vec<f64> = a.iter().copied().collect();
    // NumPy decides the layout from the finite values only; nan and inf are
    // right-aligned in the same width ("[ 1. nan]").
    let finite: Vec<f64> = vals.iter().copied().filter(|v| v.is_finite()).collect();
    let nonzero: Vec<f64> = finite
        .iter()
        .map(|v| v.abs())
        .filter(|v| *v != 0.0)
        .collect();
    let exp_format = if nonzero.is_empty() {
        false
    } else {
        let max = nonzero.iter().copied().fold(f64::MIN, f64::max);
        let min = nonzero.iter().copied().fold(f64::MAX, f64::min);
        max >= 1e8 || min < 1e-4 || max / min > 1e3
    };
    // (pad_left, pad_right, one finite value as a cell)
    type Cell = Box<dyn Fn(f64, usize) -> String>;
    let (mut pad_left, pad_right, cell): (usize, usize, Cell) = if exp_format {
        let parts: Vec<(String, i32)> = finite
            .iter()
            .map(|&v| np_scientific(v, PRECISION))
            .collect();
        let prec = parts
            .iter()
            .map(|(m, _)| m.split_once('.').map_or(0, |(_, f)| f.len()))
            .max()
            .unwrap_or(0);
        let exp_digits = parts
            .iter()
            .map(|(_, e)| e.abs().to_string().len().max(2))
            .max()
            .unwrap_or(2);
        let pad_left = parts
            .iter()
            .map(|(m, _)| m.split_once('.').map_or(m.len(), |(i, _)| i.len()))
            .max()
            .unwrap_or(0);
        let cell = move |v: f64, pad_left: usize| {
            let (m, e) = np_scientific(v, PRECISION);
            let (i, f) = m.split_once('.').unwrap_or((m.as_str(), ""));
            let sign = if e < 0 { '-' } else { '+' };
            let e = e.abs();
            format!("{i:>pad_left$}.{f:0<prec$}e{sign}{e:0>exp_digits$}")
        };
        (pad_left, exp_digits + 2 + prec, Box::new(cell))
    } else {
        let strs: Vec<String> = finite
            .iter()
            .map(|&v| np_positional(v, PRECISION))
            .collect();
        let split: Vec<(&str, &str)> = strs.iter().filter_map(|s| s.split_once('.')).collect();
        let pad_left = split.iter().map(|(i, _)| i.len()).max().unwrap_or(0);
        let pad_right = split.iter().map(|(_, f)| f.len()).max().unwrap_or(0);
        let cell = move |v: f64, pad_left: usize| {
            let s = np_positional(v, PRECISION);
            let (i, f) = s.split_once('.').unwrap_or((s.as_str(), ""));
            format!("{i:>pad_left$}.{f:<pad_right$}")
        };
        (pad_left, pad_right, Box::new(cell))
    };
    if finite.len() != vals.len() {
        let neg_inf = vals.contains(&f64::NEG_INFINITY);
        let offset = pad_right + 1;
        pad_left = pad_left
            .max(3usize.saturating_sub(offset))
            .max((3 + usize::from(neg_inf)).saturating_sub(offset));
    }
    let width = pad_left + pad_right + 1;
    let cells: Vec<String> = vals
        .iter()
        .map(|&v| {
            if v.is_finite() {
                cell(v, pad_left)
            } else {
                let s = if v.is_nan() {
                    "nan"
                } else if v < 0.0 {
                    "-inf"
                } else {
                    "inf"
                };
                format!("{s:>width$}")
            }
        })
        .collect();
    nest(a.shape(), &cells)
}

/// Brackets and line breaks for an n-dimensional array, as `np.array2string` lays them out.
fn nest(shape: &[usize], cells: &[String]) -> String {
    fn go(shape: &[usize], cells: &[String], depth: usize) -> String {
        if shape.is_empty() {
            return cells[0].clone();
        }
        if shape.len() == 1 {
            return format!("[{}]", cells.join(" "));
        }
        let step = cells.len() / shape[0].max(1);
        let sep = format!("{}{}", "\n".repeat(shape.len() - 1), " ".repeat(depth + 1));
        let rows: Vec<String> = cells
            .chunks(step.max(1))
            .map(|c| go(&shape[1..], c, depth + 1))
            .collect();
        format!("[{}]", rows.join(&sep))
    }
    go(shape, cells, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2};

    #[test]
    fn nan_and_inf_print_as_numpy_prints_them() {
        // The strings NumPy 2 prints for the same arrays (`str(np.array(a))`).
        let cases: [(&[f64], &str); 7] = [
            (&[1.0, f64::NAN], "[ 1. nan]"),
            (&[f64::NAN], "[nan]"),
            (&[f64::NAN, f64::INFINITY], "[nan inf]"),
            (&[f64::NEG_INFINITY, 0.5], "[-inf  0.5]"),
            (&[1e-10, f64::NAN, 2.0], "[1.e-10    nan 2.e+00]"),
            (
                &[-6.111107928998789e-10, f64::INFINITY, f64::NEG_INFINITY],
                "[-6.11110793e-10             inf            -inf]",
            ),
            (&[0.0, f64::NAN], "[ 0. nan]"),
        ];
        for (a, want) in cases {
            assert_eq!(format_array(&arr1(a)), want, "{a:?}");
        }
        assert_eq!(
            format_array(&arr2(&[[1.0, f64::NAN], [2.5, 3.0]])),
            "[[1.  nan]\n [2.5 3. ]]"
        );
    }

    #[test]
    fn moving_average_is_the_mean_of_each_window() {
        let ramp: Vec<f64> = (0..10).map(|i| i as f64).collect();
        // Means of 0,1,2 / 1,2,3 / ...: the middle value of each window.
        assert_eq!(
            moving_average(&ramp, 3),
            vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
        );
        assert_eq!(moving_average(&ramp, 1), ramp);
        assert_eq!(moving_average(&ramp, 10), vec![4.5]);
        assert_eq!(moving_average(&ramp, 11), Vec::<f64>::new());
        assert_eq!(moving_average(&ramp, 0), Vec::<f64>::new());
        // A longer, uneven series: each value is np.mean of its window.
        let xs: Vec<f64> = (0..500).map(|i| ((i * 37) % 101) as f64 / 7.0).collect();
        let avg = moving_average(&xs, 100);
        assert_eq!(avg.len(), 401);
        for (i, &a) in avg.iter().enumerate() {
            assert_eq!(a, np_sum(&xs[i..i + 100]) / 100.0);
        }
        // A spike moves the average by spike / window while it is inside.
        let mut flat = vec![2.0; 20];
        flat[10] = 12.0;
        let avg = moving_average(&flat, 5);
        assert_eq!(avg[5], 2.0);
        assert_eq!(&avg[6..11], &[4.0; 5]);
        assert_eq!(avg[11], 2.0);
    }

    #[test]
    fn repr_matches_python() {
        assert_eq!(py_repr(0.1), "0.1");
        assert_eq!(py_repr(6.0), "6.0");
        assert_eq!(py_repr(1e16), "1e+16");
        assert_eq!(py_repr(1e15), "1000000000000000.0");
        assert_eq!(py_repr(0.0001), "0.0001");
        assert_eq!(py_repr(0.00001), "1e-05");
        assert_eq!(py_repr(-25898374737328.363), "-25898374737328.363");
        assert_eq!(py_repr(-6.111107928998789e-10), "-6.111107928998789e-10");
        assert_eq!(py_repr(2.2515487259475596e128), "2.2515487259475596e+128");
        assert_eq!(py_repr(-9.102163467389346e-13), "-9.102163467389346e-13");
    }

    #[test]
    fn arrays_match_numpy_print() {
        assert_eq!(
            format_array(&arr1(&[6.00000000000378, 7.999999999999119])),
            "[6. 8.]"
        );
        assert_eq!(format_array(&arr1(&[0.0, 4.000000000004])), "[0. 4.]");
        assert_eq!(
            format_array(&arr1(&[-6.111107928998789e-10, 8.148143905314271e-10])),
            "[-6.11110793e-10  8.14814391e-10]"
        );
        assert_eq!(
            format_array(&arr1(&[-25898374737328.363, -1295248616896.5398])),
            "[-2.58983747e+13 -1.29524862e+12]"
        );
        assert_eq!(
            format_array(&arr1(&[-2.999999939999995, 3.9999999199999934])),
            "[-2.99999994  3.99999992]"
        );
        assert_eq!(
            format_array(&arr1(&[1.054148091, 0.630716529, 1.132807401])),
            "[1.05414809 0.63071653 1.1328074 ]"
        );
        assert_eq!(
            format_array(&arr1(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])),
            "[0.1  0.05 0.6  0.   0.05 0.1  0.   0.1  0.   0.  ]"
        );
        assert_eq!(
            format_array(&arr2(&[
                [0.2192475712392561, 0.14356242984070455, -0.3628100010055757],
                [0.3288713569016277, 0.21534364482433954, -0.5442150014745017]
            ])),
            "[[ 0.21924757  0.14356243 -0.36281   ]\n [ 0.32887136  0.21534364 -0.544215  ]]"
        );
    }

    #[test]
    fn pairwise_sum_differs_from_a_loop() {
        // the book's second 4.2.1 example: (y - t)^2 for y2
        let y2 = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
        let t = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let sq: Vec<f64> = y2.iter().zip(&t).map(|(y, t)| (y - t) * (y - t)).collect();
        assert_eq!(py_repr(0.5 * np_sum(&sq)), "0.5975");
        assert_eq!(py_repr(0.5 * sequential_sum(&sq)), "0.5974999999999999");
    }
}
