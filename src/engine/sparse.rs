//! x·W when most of x is zero: the one kernel that makes training on MNIST fast.
//!
//! About 80% of MNIST's pixels are 0 (white background). In x·W1 every zero
//! pixel contributes 0 · W1[k, :] = 0, and in x^T·dA1 (the gradient of W1) every
//! zero pixel contributes a zero row. Skipping them leaves the sums exactly as
//! they were (adding ±0 changes nothing) and cuts the dominant work about 5x.
//!
//! The kernel itself is plain: for each row i of x, for each nonzero pixel k,
//! add x[i, k] · W[k, :] to the output row. W is row-major, so W[k, :] is one
//! contiguous slice and the inner loop vectorizes. Terms are added in increasing
//! k, the same order as a textbook triple loop, and no threads split a sum.
//!
//! Each step `sum = x·w + sum` is one fused multiply-add (`f64::mul_add`, IEEE
//! 754's fusedMultiplyAdd): x·w + sum computed exactly, then rounded once. Being
//! correctly rounded, it has exactly one right answer, so the bits are the same
//! on every CPU: the FMA instruction where the CPU has one (checked at run time),
//! the C library's software `fma` elsewhere (slower, same result). It halves the
//! instructions of the inner loop compared with a multiply and then an add (and
//! rounds once instead of twice).

use std::ops::Range;

use ndarray::{Array2, ArrayView2};

use crate::engine::precision::Real;

/// The engine's one sparse image format: each image with only its nonzero
/// pixels, as (position, byte) pairs, 3 bytes each. Image i's pixels are
/// `pos[start[i]..start[i + 1]]` in increasing position with the bytes
/// `byte[..]` alike, and byte b stands for the value `value[b]` (in the
/// precision F the loop computes in). MNIST's 60,000 training images take 27 MB
/// this way, which the processor's last cache can nearly hold, so a random
/// mini-batch comes mostly from cache instead of memory.
///
/// Every stored position is below `width`, by construction: [`PixelRows::new`]
/// enumerates within one image, [`PixelRows::from_dense`] within one row,
/// [`PixelRows::transpose`] stores row numbers below its `nrows`, and
/// [`PixelRows::select`] copies whole rows. The kernels rely on this (they read
/// row k of W without a check), and a byte always indexes the 256 values.
#[derive(Clone, Debug, PartialEq)]
pub struct PixelRows<F = f64> {
    start: Vec<usize>,
    pos: Vec<u16>,
    byte: Vec<u8>,
    width: usize,
    /// (On the heap: the rows are moved about whole, the table is 2 KB.)
    value: Box<[F; 256]>,
}

/// Normalised pixel values p / 255 in f64 (as `load_mnist(normalize=True)`) or in
/// f32 (as the book's `astype(np.float32) / 255.0`).
pub fn pixel_values<F: Real>() -> [F; 256] {
    std::array::from_fn(|p| {
        if std::mem::size_of::<F>() == 4 {
            F::from_f64((p as f32 / 255.0) as f64)
        } else {
            F::from_f64(p as f64 / 255.0)
        }
    })
}

/// The pixel values a run with this stream computes with: with NumPy's, the
/// book's loader's float32 p / 255 widened to F (as `TrainData::like_numpy`),
/// so the run sees the Python's numbers; with ChaCha8's, [`pixel_values`].
pub fn pixel_values_for<F: Real>(rng: crate::common::random::RngKind) -> [F; 256] {
    use crate::common::random::RngKind;
    match rng {
        RngKind::ChaCha8 => pixel_values(),
        RngKind::NumPy => {
            std::array::from_fn(|p| F::from_f64(crate::ch04::train::numpy_pixel(p as u8)))
        }
    }
}

/// The most pixels an image may have: positions are u16.
const MAX_WIDTH: usize = u16::MAX as usize + 1;

impl<F: Real> PixelRows<F> {
    /// Images of `width` bytes each, one after another, byte b meaning `value[b]`.
    pub fn new(bytes: &[u8], width: usize, value: [F; 256]) -> Self {
        assert!(width <= MAX_WIDTH, "a pixel position must fit in u16");
        assert!(
            width > 0 || bytes.is_empty(),
            "images of 0 pixels hold no bytes"
        );
        assert_eq!(
            bytes.len() % width.max(1),
            0,
            "whole images of {width} bytes"
        );
        let mut r = PixelRows::empty(width, value);
        for img in bytes.chunks_exact(width.max(1)) {
            for (k, &p) in img.iter().enumerate() {
                if p != 0 {
                    r.pos.push(k as u16);
                    r.byte.push(p);
                }
            }
            r.start.push(r.pos.len());
        }
        r
    }

    /// No images yet.
    fn empty(width: usize, value: [F; 256]) -> Self {
        PixelRows {
            start: vec![0],
            pos: Vec::new(),
            byte: Vec::new(),
            width,
            value: Box::new(value),
        }
    }

    /// The same images, their bytes standing for `value` instead (for another
    /// precision, or NumPy's float32 pixels).
    pub fn with_values<G: Real>(&self, value: [G; 256]) -> PixelRows<G> {
        PixelRows {
            start: self.start.clone(),
            pos: self.pos.clone(),
            byte: self.byte.clone(),
            width: self.width,
            value: Box::new(value),
        }
    }

    pub fn nrows(&self) -> usize {
        self.start.len() - 1
    }

    /// Pixels per image: every stored position is below it.
    pub fn width(&self) -> usize {
        self.width
    }

    /// How many pixels are stored (the nonzeros).
    pub fn nnz(&self) -> usize {
        self.pos.len()
    }

    /// What each byte stands for.
    pub fn values(&self) -> &[F; 256] {
        &self.value
    }

    /// Image i's nonzero pixels: their positions and bytes.
    #[inline(always)]
    pub fn row(&self, i: usize) -> (&[u16], &[u8]) {
        let r = self.start[i]..self.start[i + 1];
        (&self.pos[r.clone()], &self.byte[r])
    }

    /// Image i's nonzero pixels as (position, value).
    #[inline(always)]
    pub fn entries(&self, i: usize) -> impl Iterator<Item = (usize, F)> + Clone + '_ {
        let (pos, byte) = self.row(i);
        pos.iter()
            .zip(byte)
            .map(|(&k, &b)| (k as usize, self.value[b as usize]))
    }

    /// The rows `rows` (repeats allowed), in that order: a mini-batch.
    pub fn select(&self, rows: &[usize]) -> Self {
        let mut s = PixelRows::empty(self.width, *self.value);
        let nnz = rows
            .iter()
            .map(|&i| self.start[i + 1] - self.start[i])
            .sum();
        s.pos.reserve_exact(nnz);
        s.byte.reserve_exact(nnz);
        s.start.reserve_exact(rows.len());
        for (j, &i) in rows.iter().enumerate() {
            // Random rows of a large data set are rarely in cache: ask for a row
            // a few steps ahead while this one is copied.
            if let Some(&ahead) = rows.get(j + 4) {
                self.prefetch_row(ahead);
            }
            let (p, b) = self.row(i);
            s.pos.extend_from_slice(p);
            s.byte.extend_from_slice(b);
            s.start.push(s.pos.len());
        }
        s
    }

    /// Hints to the CPU to start loading these images.
    pub(crate) fn prefetch_rows(&self, rows: &[usize]) {
        for &i in rows {
            self.prefetch_row(i);
        }
    }

    /// Hints to the CPU to start loading where these images start.
    pub(crate) fn prefetch_starts(&self, rows: &[usize]) {
        #[cfg(target_arch = "x86_64")]
        for &i in rows {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: a prefetch never faults; the address is inside `start`.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(self.start[i..].as_ptr().cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = rows;
    }

    /// A hint to the CPU to start loading image i (no effect on results).
    #[inline(always)]
    pub(crate) fn prefetch_row(&self, i: usize) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let r = self.start[i]..self.start[i + 1];
            for at in r.clone().step_by(32) {
                // SAFETY: a prefetch never faults; the address is inside the row.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(self.pos[at..].as_ptr().cast()) };
            }
            for at in r.step_by(64) {
                // SAFETY: as above.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(self.byte[at..].as_ptr().cast()) };
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = i;
    }

    /// The transpose (at most 65,536 rows: they become positions), so that
    /// x^T·D is `sparse_dot(&x.transpose(), D)`. Each column's pixels keep
    /// increasing row order, so x^T·D adds its terms in the same order as a
    /// plain loop over the rows of x.
    pub fn transpose(&self) -> Self {
        let n = self.nrows();
        assert!(
            n <= MAX_WIDTH,
            "x^T needs at most {MAX_WIDTH} rows, not {n}"
        );
        let mut count = vec![0usize; self.width + 1];
        for &k in &self.pos {
            count[k as usize + 1] += 1;
        }
        for k in 0..self.width {
            count[k + 1] += count[k];
        }
        let start = count.clone();
        let mut next = count;
        let mut pos = vec![0u16; self.nnz()];
        let mut byte = vec![0u8; self.nnz()];
        for i in 0..n {
            let (p, b) = self.row(i);
            for (&k, &v) in p.iter().zip(b) {
                let at = &mut next[k as usize];
                pos[*at] = i as u16;
                byte[*at] = v;
                *at += 1;
            }
        }
        PixelRows {
            start,
            pos,
            byte,
            width: n,
            value: self.value.clone(),
        }
    }

    /// Back to a dense matrix of the values (for tests and small demos).
    pub fn to_dense(&self) -> Array2<f64> {
        let mut x = Array2::zeros((self.nrows(), self.width));
        for i in 0..self.nrows() {
            for (k, v) in self.entries(i) {
                x[[i, k]] = v.to_f64();
            }
        }
        x
    }
}

impl PixelRows<f64> {
    /// The nonzero entries of `x`, row by row; its distinct nonzero values (at
    /// most 255, as MNIST's pixels) become the bytes 1, 2, ... in increasing
    /// order.
    pub fn from_dense(x: ArrayView2<f64>) -> Self {
        let mut levels: Vec<f64> = x.iter().copied().filter(|&v| v != 0.0).collect();
        levels.sort_by(f64::total_cmp);
        levels.dedup_by(|a, b| a.to_bits() == b.to_bits());
        assert!(
            levels.len() <= 255,
            "a pixel matrix holds at most 255 distinct nonzero values, not {}",
            levels.len()
        );
        let mut value = [0.0; 256];
        value[1..=levels.len()].copy_from_slice(&levels);
        let byte_of = |v: f64| {
            let b = levels
                .binary_search_by(|l| l.total_cmp(&v))
                .expect("every nonzero value is a level");
            (b + 1) as u8
        };
        let mut bytes = Vec::with_capacity(x.len());
        for row in x.rows() {
            bytes.extend(row.iter().map(|&v| if v == 0.0 { 0 } else { byte_of(v) }));
        }
        PixelRows::new(&bytes, x.ncols(), value)
    }
}

// ANCHOR: sparse_dot
/// x·W, skipping the zero entries of x. `w` may have any layout.
pub fn sparse_dot(x: &PixelRows, w: ArrayView2<f64>) -> Array2<f64> {
    assert_eq!(x.width(), w.nrows(), "x·W needs x's columns = W's rows");
    let h = w.ncols();
    let w = w.as_standard_layout();
    let w = w.as_slice().expect("standard layout is contiguous");
    let mut out = vec![0.0; x.nrows() * h];
    sparse_dot_into(x, 0..x.nrows(), w, h, &mut out);
    Array2::from_shape_vec((x.nrows(), h), out).expect("nrows x h values")
}

/// Rows `rows` of x·W into `out` (row-major, h values per row), W row-major with
/// h columns. Used directly by callers that split the rows across threads.
pub fn sparse_dot_into(x: &PixelRows, rows: Range<usize>, w: &[f64], h: usize, out: &mut [f64]) {
    // With every position below x's width (PixelRows' construction), this
    // makes every row k of W the kernel reads lie inside `w`.
    assert_eq!(w.len(), x.width() * h);
    assert_eq!(out.len(), rows.len() * h);
    #[cfg(target_arch = "x86_64")]
    if has_fma() {
        // SAFETY: the CPU has AVX2 and FMA, checked on the line above.
        unsafe { sparse_dot_fma(x, rows, w, h, out) };
        return;
    }
    sparse_dot_plain(x, rows, w, h, out);
}

/// Whether this CPU has the AVX2 and FMA instructions (the answer is cached):
/// the engine's one test of it, for every kernel compiled for them.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn has_fma() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

/// The same loop compiled for AVX2 and FMA: 4 doubles per instruction, and each
/// `mul_add` one instruction instead of a call. Same arithmetic, same bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn sparse_dot_fma(x: &PixelRows, rows: Range<usize>, w: &[f64], h: usize, out: &mut [f64]) {
    sparse_dot_plain(x, rows, w, h, out)
}

#[inline(always)]
fn sparse_dot_plain(x: &PixelRows, rows: Range<usize>, w: &[f64], h: usize, out: &mut [f64]) {
    for (r, i) in rows.enumerate() {
        let out_row = &mut out[r * h..(r + 1) * h];
        out_row.fill(0.0);
        row_terms_entries(x.entries(i), w, h, 0..h, out_row);
    }
}

/// Columns `range` of one output row: adds Σ over the entries (k, x[k]) of
/// x[k] · W[k, range] to `out` (one value per column), W row-major with h
/// columns. Inline it into code compiled for FMA (see `sparse_dot_fma`).
#[inline(always)]
pub(crate) fn row_terms_entries<F: Real>(
    entries: impl Iterator<Item = (usize, F)> + Clone,
    w: &[F],
    h: usize,
    range: Range<usize>,
    out: &mut [F],
) {
    assert_eq!(out.len(), range.len());
    let base = range.start;
    let mut j0 = range.start;
    while j0 < range.end {
        // Blocks of a fixed width keep their running sums in registers while
        // the loop walks the nonzero pixels once. The book's hidden size 50
        // fits whole (12 registers of 4 and one of 2, of AVX2's 16), as do the
        // halves 24 and 26 that two threads take; wider rows go 48 at a time.
        let at = (w, h, j0, base);
        let e = entries.clone();
        j0 += match range.end - j0 {
            50 => block::<50, F>(e, at, out),
            48.. => block::<48, F>(e, at, out),
            32.. => block::<32, F>(e, at, out),
            26 => block::<26, F>(e, at, out),
            24 | 25 => block::<24, F>(e, at, out),
            16.. => block::<16, F>(e, at, out),
            8.. => block::<8, F>(e, at, out),
            4.. => block::<4, F>(e, at, out),
            2.. => block::<2, F>(e, at, out),
            _ => block::<1, F>(e, at, out),
        };
    }
}

/// Columns j0..j0+B of one output row: adds Σ over the nonzero k of x[k] · W[k, j]
/// to out[j - base].
#[inline(always)]
fn block<const B: usize, F: Real>(
    entries: impl Iterator<Item = (usize, F)>,
    (w, h, j0, base): (&[F], usize, usize, usize),
    out: &mut [F],
) -> usize {
    let mut acc: [F; B] = out[j0 - base..j0 - base + B].try_into().unwrap();
    let last = w.len().checked_sub(B).expect("W holds at least one block");
    for (k, v) in entries {
        // Every row k of W is inside it by construction: the entries come from
        // PixelRows, whose positions are below its width, and every caller
        // checks that W has that many rows (sparse_dot_into asserts w.len() ==
        // width * h; train_fast that the images have W1's PIXELS rows). So
        // `min` never changes the offset; it only spares the innermost loop a
        // check that could panic (one instruction instead of two tests and
        // branches).
        debug_assert!(k * h + j0 <= last, "row {k} of W is outside it");
        let at = (k * h + j0).min(last);
        // SAFETY: at <= last = w.len() - B, so at + B <= w.len().
        let w_k: &[F; B] = unsafe { &*w.as_ptr().add(at).cast::<[F; B]>() };
        for j in 0..B {
            acc[j] = v.mul_add(w_k[j], acc[j]);
        }
    }
    out[j0 - base..j0 - base + B].copy_from_slice(&acc);
    B
}
// ANCHOR_END: sparse_dot

/// a·b for small dense matrices, as a plain loop (i, k, j) with `mul_add`: the
/// same bits on every CPU, unlike a tuned GEMM that splits and reorders sums.
pub fn dense_dot(a: ArrayView2<f64>, b: ArrayView2<f64>) -> Array2<f64> {
    assert_eq!(a.ncols(), b.nrows(), "a·b needs a's columns = b's rows");
    let (n, m, p) = (a.nrows(), a.ncols(), b.ncols());
    let (a, b) = (a.as_standard_layout(), b.as_standard_layout());
    let (a, b) = (a.as_slice().unwrap(), b.as_slice().unwrap());
    let mut out = vec![0.0; n * p];
    dense_dot_into(a, b, m, p, &mut out);
    Array2::from_shape_vec((n, p), out).expect("n x p values")
}

/// a·b into `out` (n x p, row-major, starting at zero), a row-major with m
/// columns, b row-major m x p.
pub fn dense_dot_into(a: &[f64], b: &[f64], m: usize, p: usize, out: &mut [f64]) {
    assert_eq!(b.len(), m * p);
    assert_eq!(a.len() * p, out.len() * m);
    #[cfg(target_arch = "x86_64")]
    if has_fma() {
        // SAFETY: the CPU has AVX2 and FMA, checked on the line above.
        unsafe { dense_dot_fma(a, b, m, p, out) };
        return;
    }
    dense_dot_plain(a, b, m, p, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn dense_dot_fma(a: &[f64], b: &[f64], m: usize, p: usize, out: &mut [f64]) {
    dense_dot_plain(a, b, m, p, out)
}

#[inline(always)]
fn dense_dot_plain(a: &[f64], b: &[f64], m: usize, p: usize, out: &mut [f64]) {
    if m == 0 || p == 0 {
        return;
    }
    if p == 10 {
        // The output layer (10 classes): the row's 10 sums stay in registers
        // while k walks the hidden units; same order of terms as below.
        for (a_i, out_row) in a.chunks_exact(m).zip(out.chunks_exact_mut(10)) {
            let mut acc: [f64; 10] = out_row.try_into().unwrap();
            for (&a_ik, b_row) in a_i.iter().zip(b.chunks_exact(10)) {
                for j in 0..10 {
                    acc[j] = a_ik.mul_add(b_row[j], acc[j]);
                }
            }
            out_row.copy_from_slice(&acc);
        }
        return;
    }
    for (a_i, out_row) in a.chunks_exact(m).zip(out.chunks_exact_mut(p)) {
        for (&a_ik, b_row) in a_i.iter().zip(b.chunks_exact(p)) {
            for j in 0..p {
                out_row[j] = a_ik.mul_add(b_row[j], out_row[j]);
            }
        }
    }
}

/// `x` rounded to multiples of 1/255 (what a byte can mean), for tests that
/// draw random inputs: the format holds at most 255 distinct nonzero values.
#[cfg(test)]
pub(crate) fn pixel_like(x: Array2<f64>) -> Array2<f64> {
    x.mapv(|v| (v * 255.0).round() / 255.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::{Array2, s};
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};

    /// A matrix with about `zeros` of its entries exactly 0, like MNIST pixels,
    /// the others drawn from 255 random values in -1..1 (what a byte can mean).
    fn mostly_zero(rows: usize, cols: usize, zeros: f64, rng: &mut ChaCha8Rng) -> Array2<f64> {
        let levels: Vec<f64> = (0..255).map(|_| rng.random_range(-1.0..1.0)).collect();
        Array2::from_shape_simple_fn((rows, cols), || {
            if rng.random_range(0.0..1.0) < zeros {
                0.0
            } else {
                levels[rng.random_range(0..255)]
            }
        })
    }

    /// The textbook triple loop, adding k in increasing order, each step one
    /// correctly rounded x·w + sum.
    fn triple_loop(x: &Array2<f64>, w: &Array2<f64>) -> Array2<f64> {
        let mut out = Array2::zeros((x.nrows(), w.ncols()));
        for i in 0..x.nrows() {
            for j in 0..w.ncols() {
                let mut sum = 0.0;
                for k in 0..x.ncols() {
                    sum = x[[i, k]].mul_add(w[[k, j]], sum);
                }
                out[[i, j]] = sum;
            }
        }
        out
    }

    #[test]
    fn positions_stay_below_the_width_and_the_kernel_reads_inside_w() {
        // x·W reads W's row k without a check: every position is below the
        // width by construction (new, transpose, select), and W's rows are
        // checked against it. Small enough for Miri to check the reads.
        let bytes = [0, 3, 0, 255, 7, 0, 0, 0, 1, 0, 2, 9];
        let x = PixelRows::new(&bytes, 4, pixel_values::<f64>());
        for r in [x.clone(), x.transpose(), x.select(&[2, 0, 2])] {
            for i in 0..r.nrows() {
                assert!(r.row(i).0.iter().all(|&k| (k as usize) < r.width()));
            }
        }
        let dense = x.to_dense();
        for h in [1, 2, 5] {
            let w = Array2::from_shape_fn((4, h), |(k, j)| (k * h + j) as f64 - 3.5);
            assert_eq!(sparse_dot(&x, w.view()), triple_loop(&dense, &w));
            let wt = Array2::from_shape_fn((3, h), |(k, j)| (k + j) as f64 * 0.5);
            assert_eq!(
                sparse_dot(&x.transpose(), wt.view()),
                triple_loop(&dense.t().to_owned(), &wt)
            );
        }
    }

    #[test]
    #[should_panic(expected = "a pixel position must fit in u16")]
    fn an_image_too_wide_for_u16_positions_is_refused() {
        PixelRows::new(&[], 70_000, pixel_values::<f64>());
    }

    #[test]
    #[should_panic(expected = "whole images of 2 bytes")]
    fn bytes_that_are_not_whole_images_are_refused() {
        PixelRows::new(&[1, 2, 3], 2, pixel_values::<f64>());
    }

    #[test]
    #[should_panic(expected = "at most 255 distinct nonzero values, not 300")]
    fn a_matrix_with_more_values_than_bytes_is_refused() {
        let x = Array2::from_shape_fn((1, 300), |(_, k)| k as f64 + 1.0);
        PixelRows::from_dense(x.view());
    }

    #[test]
    fn sparse_dot_equals_the_dense_product() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        // every block width, widths that are not multiples of 4, the book's 50,
        // and more than one block of 48
        for (n, d, h) in [
            (7, 30, 5),
            (13, 784, 50),
            (4, 40, 16),
            (3, 20, 100),
            (5, 60, 1),
            (5, 60, 3),
            (6, 50, 49),
            (6, 50, 51),
            (4, 30, 97),
            (4, 30, 131),
        ] {
            let mut x = mostly_zero(n, d, 0.8, &mut rng);
            // a row with no nonzeros gives a row of zeros
            x.row_mut(1).fill(0.0);
            let w = Array2::from_shape_simple_fn((d, h), || rng.random_range(-1.0..1.0));
            let got = sparse_dot(&PixelRows::from_dense(x.view()), w.view());
            assert_abs_diff_eq!(got, x.dot(&w), epsilon = 1e-12);
            // same order of additions as the triple loop, so the same bits
            assert_eq!(got, triple_loop(&x, &w));
        }
    }

    #[test]
    fn the_portable_loop_gives_the_same_bits_as_the_fma_one() {
        // `sparse_dot_plain` compiled without FMA: each mul_add is the C library's
        // software fma, and correct rounding makes it agree bit for bit.
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for h in [50, 7, 100] {
            let x = mostly_zero(9, 60, 0.7, &mut rng);
            let w = Array2::from_shape_simple_fn((60, h), || rng.random_range(-1.0..1.0));
            let xs = PixelRows::from_dense(x.view());
            let mut plain = vec![0.0; 9 * h];
            sparse_dot_plain(&xs, 0..9, w.as_slice().unwrap(), h, &mut plain);
            let plain = Array2::from_shape_vec((9, h), plain).unwrap();
            assert_eq!(plain, sparse_dot(&xs, w.view()));
            let d = Array2::from_shape_simple_fn((h, 10), || rng.random_range(-1.0..1.0));
            let mut plain = vec![0.0; 9 * 10];
            dense_dot_plain(
                plain_rows(&x, &w).as_slice().unwrap(),
                d.as_slice().unwrap(),
                h,
                10,
                &mut plain,
            );
            assert_eq!(
                plain,
                dense_dot(plain_rows(&x, &w).view(), d.view())
                    .into_raw_vec_and_offset()
                    .0
            );
        }
    }

    /// x·w as an owned standard-layout matrix (input for the dense kernels).
    fn plain_rows(x: &Array2<f64>, w: &Array2<f64>) -> Array2<f64> {
        x.dot(w)
    }

    #[test]
    fn transpose_gives_x_transposed_times_d() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let x = mostly_zero(9, 33, 0.7, &mut rng);
        let d = Array2::from_shape_simple_fn((9, 21), || rng.random_range(-1.0..1.0));
        let xs = PixelRows::from_dense(x.view());
        assert_eq!(xs.transpose().to_dense(), x.t());
        assert_eq!(xs.transpose().transpose(), xs);
        let got = sparse_dot(&xs.transpose(), d.view());
        assert_abs_diff_eq!(got, x.t().dot(&d), epsilon = 1e-12);
        assert_eq!(got, triple_loop(&x.t().to_owned(), &d));
    }

    #[test]
    fn select_picks_rows_with_repeats_and_handles_empty_rows() {
        let x = ndarray::arr2(&[[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [2.0, 0.0, 3.0]]);
        let xs = PixelRows::from_dense(x.view());
        assert_eq!(xs.nnz(), 3);
        assert_eq!(xs.to_dense(), x);
        let b = xs.select(&[2, 1, 2]);
        assert_eq!(b.to_dense().row(0), x.row(2));
        assert_eq!(b.to_dense().row(1), x.row(1));
        assert_eq!(b.to_dense().slice(s![2, ..]), x.row(2));
        let w = ndarray::arr2(&[[1.0], [10.0], [100.0]]);
        assert_eq!(
            sparse_dot(&xs, w.view()),
            ndarray::arr2(&[[10.0], [0.0], [302.0]])
        );
    }

    #[test]
    fn dense_dot_matches_ndarray() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let a = Array2::from_shape_simple_fn((6, 50), || rng.random_range(-1.0..1.0));
        let b = Array2::from_shape_simple_fn((50, 10), || rng.random_range(-1.0..1.0));
        assert_abs_diff_eq!(dense_dot(a.view(), b.view()), a.dot(&b), epsilon = 1e-12);
        assert_abs_diff_eq!(dense_dot(b.t(), b.view()), b.t().dot(&b), epsilon = 1e-12);
        // the 10-column path and the general one, bit for bit against the loop
        for p in [10, 7, 13] {
            let b = Array2::from_shape_simple_fn((50, p), || rng.random_range(-1.0..1.0));
            assert_eq!(dense_dot(a.view(), b.view()), triple_loop(&a, &b));
            assert_eq!(
                dense_dot(a.t(), a.view()),
                triple_loop(&a.t().to_owned(), &a)
            );
        }
        let empty = Array2::<f64>::zeros((3, 0));
        assert_eq!(dense_dot(empty.view(), empty.t()), Array2::zeros((3, 3)));
    }
}
